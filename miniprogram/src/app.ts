import type { PropsWithChildren } from 'react';
import './app.scss';

/** The app shell renders the current page; per-page chrome (elder mode, layout) lives in PageShell. */
function App({ children }: PropsWithChildren) {
  return children;
}

export default App;
