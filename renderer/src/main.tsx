/** Renderer entry: picks the transport and mounts the app. */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app.js';
import { ApiProvider } from './api-context.js';
import { ImportProvider } from './import-context.js';
import { EngagementProvider } from './engagement/engagement-context.js';
import { createAppClient } from './transport.js';
import './styles.css';

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <ApiProvider client={createAppClient()}>
        <ImportProvider>
          <EngagementProvider>
            <App />
          </EngagementProvider>
        </ImportProvider>
      </ApiProvider>
    </StrictMode>,
  );
}
