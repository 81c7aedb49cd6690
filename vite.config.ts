import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

// Two shells from one app: the resident shell at / and the staff console at /console. Separate
// entries, so a resident's phone never downloads the console's code.
export default defineConfig({
  root: here('./web'),
  plugins: [react()],
  build: {
    outDir: here('./dist/web'),
    emptyOutDir: true,
    assetsDir: 'assets',
    rollupOptions: {
      input: { resident: here('./web/index.html'), console: here('./web/console/index.html') },
    },
  },
  server: { proxy: { '/api': 'http://localhost:3000' } },
});
