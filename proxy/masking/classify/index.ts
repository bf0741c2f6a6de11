export {
  type ClassifyByValuesOptions,
  classifyByValues,
  type ValueClassification,
} from './classify-by-values.js';
export { classifyColumnName, type NameClassification } from './classify-column-name.js';
export {
  type ColumnClassifier,
  type ColumnDecision,
  type ColumnRef,
  createColumnClassifier,
  type DecisionSource,
} from './column-classifier.js';
export { compileColumnGlob, globToRegExp, matchesColumn } from './glob.js';
export { splitIdentifier } from './split-identifier.js';
