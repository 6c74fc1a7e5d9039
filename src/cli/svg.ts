/** The chart renderer lives in src/charts (shared by the page and the CLI report). */
export * from '../charts/svg';
