import '@tanstack/react-query';

declare module '@tanstack/react-query' {
  interface Register {
    /** `handlesErrors`: the caller shows the error itself, so the global toast stays quiet. */
    mutationMeta: { handlesErrors?: boolean };
    queryMeta: { handlesErrors?: boolean };
  }
}
