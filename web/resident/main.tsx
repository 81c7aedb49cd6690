import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { unstableSetRender } from 'antd-mobile';
import { StrictMode } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { BrowserRouter } from 'react-router';
import { applyLargeText, initialLargeText, setupI18n } from '../shared/i18n';
import { App } from './App';
import { ErrorBoundary } from '../shared/ErrorBoundary';
import en from './locales/en.json';
import zh from './locales/zh-CN.json';
import './resident.css';

// antd-mobile 5 renders its toasts and dialogs through ReactDOM.render, which React 19 removed.
unstableSetRender((node, container) => {
  const holder = container as Element & { _reactRoot?: Root };
  holder._reactRoot ??= createRoot(container);
  const root = holder._reactRoot;
  root.render(node);
  return async () => {
    await new Promise((resolve) => setTimeout(resolve, 0));
    root.unmount();
  };
});

setupI18n({ 'zh-CN': zh, en });
applyLargeText(initialLargeText());

const queryClient = new QueryClient({ defaultOptions: { queries: { retry: 1, staleTime: 30_000 } } });

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <BrowserRouter>
        <ErrorBoundary>
          <App />
        </ErrorBoundary>
      </BrowserRouter>
    </QueryClientProvider>
  </StrictMode>,
);
