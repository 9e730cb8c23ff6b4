/** The shell: navigation, the current screen, the import bar, drag and drop, menu commands. */
import { useCallback, useEffect, useState } from 'react';
import type { DragEvent } from 'react';
import { desktopBridge } from './desktop-bridge.js';
import { ImportProgress } from './components/import-progress.js';
import { useImport } from './import-context.js';
import { useClient } from './api-context.js';
import type { Route, Screen } from './logic/routes.js';
import { formatHash, parseHash, SCREEN_TITLES, SCREENS } from './logic/routes.js';
import { AgentsScreen } from './screens/agents-screen.js';
import { AuditTrailScreen } from './screens/audit-trail-screen.js';
import { ControlsScreen } from './screens/controls/controls-screen.js';
import { ExportsScreen } from './screens/exports-screen.js';
import { FindingsScreen } from './screens/findings-screen.js';
import { PackagesScreen } from './screens/packages-screen.js';
import { ResponsibilityScreen } from './screens/responsibility-screen.js';
import { QuestionnairesScreen } from './screens/questionnaires/questionnaires-screen.js';
import { AboutDialog } from './components/about-dialog.js';
import { EngagementPicker } from './engagement/engagement-picker.js';

function useHashRoute(): Route {
  const [route, setRoute] = useState<Route>(() => parseHash(window.location.hash));
  useEffect(() => {
    const on = () => setRoute(parseHash(window.location.hash));
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
  }, []);
  return route;
}

/** Navigates by hash so Back works and every view is a link. */
export function navigate(screen: Screen, rest: string[] = [], params: Record<string, string | undefined> = {}): void {
  window.location.hash = formatHash(screen, rest, params);
}

export function App() {
  const route = useHashRoute();
  const { start } = useImport();
  const client = useClient();
  const [dragging, setDragging] = useState(false);
  const [about, setAbout] = useState(false);
  const bridge = desktopBridge();

  const importPath = useCallback(
    async (bundle: string) => {
      if (!bridge) return;
      // With no trusted keys yet, the keyring (handed over out of band) is asked for right away.
      const keys = await client.call('keys.list', {});
      const keyring = keys.ok && keys.value.length === 0 ? await bridge.pickFile('keyring') : null;
      navigate('exports');
      await start({ kind: 'path', path: bundle }, keyring ? { kind: 'path', path: keyring } : undefined);
    },
    [bridge, start, client],
  );

  const importFromDialog = useCallback(async () => {
    if (!bridge) return;
    const bundle = await bridge.pickFile('bundle');
    if (bundle) await importPath(bundle);
  }, [bridge, importPath]);

  useEffect(() => {
    if (!bridge) return;
    return bridge.onMenu((command) => {
      if (command === 'import') void importFromDialog();
      else if (command === 'export-package') navigate('packages');
      else if (command === 'about') setAbout(true);
    });
  }, [bridge, importFromDialog]);

  // Alt+1…8 jumps between screens from anywhere.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!e.altKey || e.ctrlKey || e.metaKey) return;
      const i = Number(e.key) - 1;
      const screen = SCREENS[i];
      if (screen) {
        e.preventDefault();
        navigate(screen);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    const file = e.dataTransfer.files[0];
    if (!file || !bridge) return;
    // Only the desktop app can hand a dropped file's path to the importer; serve uses the upload form.
    const p = bridge.pathForFile(file);
    if (p) void importPath(p);
  };

  return (
    <div
      className={`shell${dragging ? ' dragging' : ''}`}
      onDragOver={(e) => {
        if (!bridge) return;
        e.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={onDrop}
    >
      <nav className="sidebar" aria-label="Screens">
        <div className="brand">Crosscheck</div>
        <EngagementPicker />
        <ul>
          {SCREENS.map((s, i) => (
            <li key={s}>
              <a
                href={formatHash(s)}
                data-testid={`nav-${s}`}
                aria-current={route.screen === s ? 'page' : undefined}
                title={`Alt+${i + 1}`}
              >
                {SCREEN_TITLES[s]}
              </a>
            </li>
          ))}
        </ul>
        <button type="button" className="link about-link" data-testid="about-open" onClick={() => setAbout(true)}>
          About
        </button>
      </nav>
      <main className="content" id="main">
        <ImportProgress />
        {route.screen === 'exports' && <ExportsScreen route={route} onDesktopImport={bridge ? importFromDialog : null} />}
        {route.screen === 'trail' && <AuditTrailScreen route={route} />}
        {route.screen === 'findings' && <FindingsScreen route={route} />}
        {route.screen === 'agents' && <AgentsScreen route={route} />}
        {route.screen === 'controls' && <ControlsScreen route={route} />}
        {route.screen === 'responsibility' && <ResponsibilityScreen />}
        {route.screen === 'packages' && <PackagesScreen route={route} />}
        {route.screen === 'questionnaires' && <QuestionnairesScreen route={route} />}
      </main>
      {about && <AboutDialog onClose={() => setAbout(false)} />}
      {dragging && <div className="drop-overlay">Drop an export bundle (.zip) to import it</div>}
    </div>
  );
}
