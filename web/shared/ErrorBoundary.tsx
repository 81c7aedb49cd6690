import { Component, type ErrorInfo, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useHref, useLocation } from 'react-router';

/** What a person sees instead of a blank screen when a page throws while drawing. */
function Crashed() {
  const { t } = useTranslation();
  const home = useHref('/');
  return (
    <div role="alert" className="page-crashed" style={{ padding: 24, maxWidth: 560, margin: '0 auto' }}>
      <h1 style={{ fontSize: '1.3em' }}>{t('common.crashedTitle')}</h1>
      <p>{t('common.crashedBody')}</p>
      <p style={{ display: 'flex', gap: 16, flexWrap: 'wrap', alignItems: 'center' }}>
        <button
          type="button"
          style={{ minHeight: 44, padding: '0 16px' }}
          onClick={() => window.location.reload()}
        >
          {t('common.reload')}
        </button>
        <a href={home}>{t('common.backHome')}</a>
      </p>
    </div>
  );
}

interface BoundaryProps {
  resetKey: string;
  children: ReactNode;
}
interface BoundaryState {
  error: Error | null;
  resetKey: string;
}

class Boundary extends Component<BoundaryProps, BoundaryState> {
  state: BoundaryState = { error: null, resetKey: this.props.resetKey };
  static getDerivedStateFromError(error: Error) {
    return { error };
  }
  // Going to another page clears the error: one broken page must not take the whole app with it.
  static getDerivedStateFromProps(props: BoundaryProps, state: BoundaryState) {
    return props.resetKey === state.resetKey ? null : { error: null, resetKey: props.resetKey };
  }
  componentDidCatch(error: Error, info: ErrorInfo) {
    console.error(error, info.componentStack);
  }
  render() {
    return this.state.error ? <Crashed /> : this.props.children;
  }
}

/** Catches a page's rendering errors, inside the router so that navigating away recovers. */
export function ErrorBoundary({ children }: { children: ReactNode }) {
  const { pathname } = useLocation();
  return <Boundary resetKey={pathname}>{children}</Boundary>;
}
