export {
  analyzeOutputLineage,
  analyzeStatementLineage,
  type LineageContext,
} from './analyze-output-lineage.js';
export { type CatalogClient, loadCatalogSnapshot, loadLineageCatalog } from './catalog-from-upstream.js';
export type {
  CatalogColumn,
  CatalogFunction,
  CatalogRelation,
  ColumnClass,
  FunctionResult,
  LineageCatalog,
  QualifiedName,
  RelationKind,
  SourceClass,
} from './catalog-types.js';
export type {
  LineageLookups,
  MaskDecision,
  OutputColumn,
  OutputKind,
  PhiFlow,
  PredicateClause,
  PredicateOperator,
  PredicateUse,
  RelationUse,
  RowsChannel,
  SourceColumn,
  StatementLineage,
  UnknownReason,
} from './lineage-types.js';
export { type CatalogSnapshot, createLineageCatalog, type FunctionEntry } from './memory-catalog.js';
