/**
 * The name PostgreSQL gives an output column without an alias (FigureColname in
 * parse_target.c): a column's own name, a function's name, a cast's type, `case`, `?column?`.
 * Returns the name and its strength (2: a real name, 1: a fallback such as a type name).
 */
import { type AstObject, asArray, asObject, asString, nameList, unwrapNode } from '../../sql/ast.js';

const SQL_VALUE_FUNCTIONS: Readonly<Record<string, string>> = {
  SVFOP_CURRENT_DATE: 'current_date',
  SVFOP_CURRENT_TIME: 'current_time',
  SVFOP_CURRENT_TIME_N: 'current_time',
  SVFOP_CURRENT_TIMESTAMP: 'current_timestamp',
  SVFOP_CURRENT_TIMESTAMP_N: 'current_timestamp',
  SVFOP_LOCALTIME: 'localtime',
  SVFOP_LOCALTIME_N: 'localtime',
  SVFOP_LOCALTIMESTAMP: 'localtimestamp',
  SVFOP_LOCALTIMESTAMP_N: 'localtimestamp',
  SVFOP_CURRENT_ROLE: 'current_role',
  SVFOP_CURRENT_USER: 'current_user',
  SVFOP_USER: 'user',
  SVFOP_SESSION_USER: 'session_user',
  SVFOP_CURRENT_CATALOG: 'current_catalog',
  SVFOP_CURRENT_SCHEMA: 'current_schema',
};

const XML_OPS: Readonly<Record<string, string>> = {
  IS_XMLCONCAT: 'xmlconcat',
  IS_XMLELEMENT: 'xmlelement',
  IS_XMLFOREST: 'xmlforest',
  IS_XMLPARSE: 'xmlparse',
  IS_XMLPI: 'xmlpi',
  IS_XMLROOT: 'xmlroot',
  IS_XMLSERIALIZE: 'xmlserialize',
  IS_DOCUMENT: '?column?',
};

const JSON_FUNC_OPS: Readonly<Record<string, string>> = {
  JSON_EXISTS_OP: 'json_exists',
  JSON_QUERY_OP: 'json_query',
  JSON_VALUE_OP: 'json_value',
};

const FIXED: Readonly<Record<string, string>> = {
  A_ArrayExpr: 'array',
  RowExpr: 'row',
  CoalesceExpr: 'coalesce',
  GroupingFunc: 'grouping',
  MergeSupportFunc: 'merge_action',
  XmlSerialize: 'xmlserialize',
  JsonParseExpr: 'json',
  JsonScalarExpr: 'json_scalar',
  JsonSerializeExpr: 'json_serialize',
  JsonObjectConstructor: 'json_object',
  JsonArrayConstructor: 'json_array',
  JsonArrayQueryConstructor: 'json_array',
  JsonObjectAgg: 'json_objectagg',
  JsonArrayAgg: 'json_arrayagg',
};

/** `subqueryName` names a scalar subquery's column (its first output's name). */
export function figureColname(
  value: unknown,
  subqueryName: (select: AstObject) => string | undefined,
): string {
  return figure(value, subqueryName)?.[0] ?? '?column?';
}

type Named = [string, 1 | 2] | undefined;

function figure(value: unknown, sub: (select: AstObject) => string | undefined): Named {
  const node = unwrapNode(value);
  if (!node) return undefined;
  const [type, body] = node;
  switch (type) {
    case 'ColumnRef': {
      const fields = asArray(body.fields);
      const last = unwrapNode(fields[fields.length - 1]);
      return last?.[0] === 'String' ? [asString(last[1].sval) ?? '?column?', 2] : undefined;
    }
    case 'A_Indirection': {
      const ind = asArray(body.indirection);
      for (let i = ind.length - 1; i >= 0; i--) {
        const part = unwrapNode(ind[i]);
        if (part?.[0] === 'String') return [asString(part[1].sval) ?? '?column?', 2];
      }
      return figure(body.arg, sub);
    }
    case 'FuncCall': {
      const parts = nameList(body.funcname);
      return [parts[parts.length - 1] ?? '?column?', 2];
    }
    case 'A_Expr':
      return body.kind === 'AEXPR_NULLIF' ? ['nullif', 2] : undefined;
    case 'TypeCast': {
      const inner = figure(body.arg, sub);
      if (inner && inner[1] === 2) return inner;
      const names = nameList(asObject(body.typeName)?.names);
      const typeName = names[names.length - 1];
      return typeName ? [typeName, 1] : inner;
    }
    case 'CollateClause':
      return figure(body.arg, sub);
    case 'SubLink':
      switch (body.subLinkType) {
        case 'EXISTS_SUBLINK':
          return ['exists', 2];
        case 'ARRAY_SUBLINK':
          return ['array', 2];
        case 'EXPR_SUBLINK': {
          const select = unwrapNode(body.subselect);
          const name = select?.[0] === 'SelectStmt' ? sub(select[1]) : undefined;
          return name ? [name, 2] : undefined;
        }
        default:
          return undefined;
      }
    case 'CaseExpr': {
      const inner = figure(body.defresult, sub);
      return inner && inner[1] === 2 ? inner : ['case', 1];
    }
    case 'MinMaxExpr':
      return [body.op === 'IS_LEAST' ? 'least' : 'greatest', 2];
    case 'SQLValueFunction':
      return [SQL_VALUE_FUNCTIONS[asString(body.op) ?? ''] ?? '?column?', 2];
    case 'XmlExpr': {
      const name = XML_OPS[asString(body.op) ?? ''];
      return name && name !== '?column?' ? [name, 2] : undefined;
    }
    case 'JsonFuncExpr': {
      const name = JSON_FUNC_OPS[asString(body.op) ?? ''];
      return name ? [name, 2] : undefined;
    }
    default: {
      const name = FIXED[type];
      return name ? [name, 2] : undefined;
    }
  }
}
