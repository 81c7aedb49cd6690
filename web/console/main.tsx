import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router';
import { applyLargeText, initialLargeText, setupI18n } from '../shared/i18n';
import { App } from './App';
import { ErrorBoundary } from '../shared/ErrorBoundary';
import { mergeCatalogues } from '../shared/catalogues';
import './console.css';

setupI18n({
  'zh-CN': mergeCatalogues(import.meta.glob('./locales/zh-CN/*.json', { eager: true })),
  en: mergeCatalogues(import.meta.glob('./locales/en/*.json', { eager: true })),
});
applyLargeText(initialLargeText());

const queryClient = new QueryClient({ defaultOptions: { queries: { retry: 1, staleTime: 15_000 } } });

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <BrowserRouter basename="/console">
        <ErrorBoundary>
          <App />
        </ErrorBoundary>
      </BrowserRouter>
    </QueryClientProvider>
  </StrictMode>,
);
