import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

/**
 * Libraries that change rarely get their own chunks, so that a release of the app does not bust
 * them. antd is left to the default splitting: each lazy screen then carries the components only
 * it uses (the audit page's date picker, the tables), and the shell stays smaller.
 */
const vendorChunks: Record<string, RegExp> = {
  react: /node_modules\/(react|react-dom|scheduler|react-router)\//,
  query: /node_modules\/(@tanstack|i18next|react-i18next|zod)\//,
};

export default defineConfig({
  plugins: [react()],
  resolve: {
    // Root-relative, so that this file needs no Node APIs and type-checks with the app.
    alias: { '@': '/src' },
  },
  server: {
    proxy: { '/api': 'http://localhost:8080' },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // antd's core (theme engine, layout, menu, form) alone is about 650 kB before gzip.
    chunkSizeWarningLimit: 800,
    rollupOptions: {
      output: {
        manualChunks(id) {
          for (const [name, pattern] of Object.entries(vendorChunks)) if (pattern.test(id)) return name;
          return undefined;
        },
      },
      onwarn(warning, warn) {
        // zod ships comments placed where Rollup cannot read them as annotations; harmless noise.
        if (warning.code === 'INVALID_ANNOTATION' && warning.id?.includes('/node_modules/zod/')) return;
        warn(warning);
      },
    },
  },
});
