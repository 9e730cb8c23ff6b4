/** The shell: navigation, the current screen, the import bar, drag and drop, menu commands. */
import { useCallback, useEffect, useState } from 'react';
import type { DragEvent } from 'react';
import { desktopBridge } from './desktop-bridge.js';
import { ImportProgress } from './components/import-progress.js';
import { useImport } from './import-context.js';
import { useClient } from './api-context.js';
import type { Route, Screen } from './logic/routes.js';
import { formatHash, parseHash, SCREEN_TITLES, SCREENS } from './logic/routes.js';
import { AgentsScreen } from './screens/agents/agents-screen.js';
import { AuditTrailScreen } from './screens/audit-trail/audit-trail-screen.js';
import { ControlsScreen } from './screens/controls/controls-screen.js';
import { ExportsScreen } from './screens/exports/exports-screen.js';
import { FindingsScreen } from './screens/findings/findings-screen.js';
import { PackagesScreen } from './screens/packages/packages-screen.js';
import { ResponsibilityScreen } from './screens/responsibility/responsibility-screen.js';
import { FrameworksScreen } from './screens/frameworks/frameworks-screen.js';
import { TestingScreen } from './screens/testing/testing-screen.js';
import { ChecklistScreen } from './screens/testing/checklist-screen.js';
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
  // Below 1100 px the sidebar is a rail with one button; it opens over the content and closes on a choice.
  const [navOpen, setNavOpen] = useState(false);
  const bridge = desktopBridge();
  useEffect(() => setNavOpen(false), [route.screen]);

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
      <nav
        className={`sidebar${navOpen ? ' open' : ''}`}
        aria-label="Screens"
        onKeyDown={(e) => e.key === 'Escape' && setNavOpen(false)}
      >
        <button
          type="button"
          className="nav-toggle"
          data-testid="nav-toggle"
          aria-expanded={navOpen}
          aria-label={navOpen ? 'Close the menu' : 'Open the menu'}
          onClick={() => setNavOpen(!navOpen)}
        >
          {navOpen ? '×' : '☰'}
        </button>
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
        {route.screen === 'frameworks' && <FrameworksScreen route={route} />}
        {route.screen === 'testing' && <TestingScreen route={route} />}
        {route.screen === 'checklist' && <ChecklistScreen />}
        {route.screen === 'questionnaires' && <QuestionnairesScreen route={route} />}
      </main>
      {about && <AboutDialog onClose={() => setAbout(false)} />}
      {dragging && <div className="drop-overlay">Drop an export bundle (.zip) to import it</div>}
    </div>
  );
}
