/**
 * `ml-regression` ships no type declarations of its own; it re-exports the
 * regression packages below, which do. Only what this package uses is declared.
 */
declare module 'ml-regression' {
  import MultivariateLinearRegression from 'ml-regression-multivariate-linear';
  export { MultivariateLinearRegression };
  export { SimpleLinearRegression } from 'ml-regression-simple-linear';
}
