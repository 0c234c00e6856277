import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { BackOfficeApi } from './api.ts';
import type { ConsoleConfig } from './config.ts';
import { type ConsoleContext, ConsoleProvider } from './console-context.ts';
import { cognitoLogoutUrl } from './oauth.ts';
import { ClaimPage } from './pages/claim/claim-page.tsx';
import { ClaimsPage } from './pages/claims.tsx';
import { DashboardPage } from './pages/dashboard.tsx';
import { InventoryPage } from './pages/inventory.tsx';
import { PartnerPage } from './pages/partner.tsx';
import { PartnersPage } from './pages/partners.tsx';
import { PartsPage } from './pages/parts.tsx';
import { PlansPage } from './pages/plans.tsx';
import { QualityPage } from './pages/quality.tsx';
import { SignInPage } from './pages/signin.tsx';
import { TechniciansPage } from './pages/technicians.tsx';
import { VehiclesPage } from './pages/vehicles.tsx';
import { href, navigate, useRoute } from './router.ts';
import { roleAtLeast, type Session, savedSession, saveSession } from './session.ts';

const REGION_KEY = 'claimflow.region';

const NAV = [
  ['claims', 'Claims'],
  ['inventory', 'Inventory'],
  ['technicians', 'Technicians'],
  ['vehicles', 'Vehicle import'],
  ['dashboard', 'Dashboard'],
  ['quality', 'Quality'],
] as const;

/** Master data: managers only (the API refuses the rest), so the others do not see them. */
const MANAGER_NAV = [
  ['partners', 'Partners'],
  ['parts', 'Parts'],
  ['plans', 'Warranty plans'],
] as const;

export function App({ config, signInProblem }: { config: ConsoleConfig; signInProblem?: string }) {
  const route = useRoute();
  const [session, setSession] = useState<Session | undefined>(savedSession);
  const [expired, setExpired] = useState(false);
  const [region, setRegionState] = useState(() => {
    const saved = localStorage.getItem(REGION_KEY);
    return saved && config.regions[saved] ? saved : config.primaryRegion;
  });
  const sessionRef = useRef(session);
  sessionRef.current = session;
  const api = useMemo(
    () =>
      new BackOfficeApi(
        config,
        () => sessionRef.current,
        () => {
          saveSession(undefined);
          setSession(undefined);
          setExpired(true);
        },
      ),
    [config],
  );
  const setRegion = (r: string) => {
    localStorage.setItem(REGION_KEY, r);
    setRegionState(r);
  };
  const page = route.path[0] ?? 'claims';
  const mainRef = useRef<HTMLElement>(null);
  const navigated = useRef(false);

  // Each screen gets its own title, and focus moves to the new screen's heading (as a page load would).
  useEffect(() => {
    const h1 = mainRef.current?.querySelector('h1');
    if (!h1) return;
    document.title = `${h1.textContent} · claimflow back office`;
    // Not on the first load: there, focus starts at the top of the page (and the skip link).
    if (!navigated.current) {
      navigated.current = true;
      return;
    }
    if (document.activeElement === document.body || !mainRef.current?.contains(document.activeElement))
      h1.focus({ preventScroll: false });
  }, [route.path.join('/'), !!session]);

  if (!session)
    return (
      <SignInPage
        config={config}
        expired={expired}
        {...(signInProblem ? { problem: signInProblem } : {})}
        onSignedIn={(s) => {
          saveSession(s);
          setSession(s);
          setExpired(false);
          if (page === 'signin' || route.path.length === 0) navigate(href('claims'));
        }}
      />
    );

  const ctx: ConsoleContext = { config, api, session, region, setRegion };
  let screen = <ClaimsPage params={route.params} />;
  if (page === 'claims' && route.path[1]) screen = <ClaimPage claimId={route.path[1]} />;
  else if (page === 'inventory') screen = <InventoryPage params={route.params} />;
  else if (page === 'technicians') screen = <TechniciansPage />;
  else if (page === 'vehicles') screen = <VehiclesPage />;
  else if (page === 'dashboard') screen = <DashboardPage />;
  else if (page === 'quality') screen = <QualityPage />;
  else if (page === 'partners' && route.path[1]) screen = <PartnerPage partnerId={route.path[1]} />;
  else if (page === 'partners') screen = <PartnersPage />;
  else if (page === 'parts') screen = <PartsPage />;
  else if (page === 'plans') screen = <PlansPage />;
  const nav = roleAtLeast(session, 'manager') ? [...NAV, ...MANAGER_NAV] : NAV;

  return (
    <ConsoleProvider value={ctx}>
      <button type="button" class="skip" onClick={() => mainRef.current?.focus()}>
        Skip to content
      </button>
      <header class="top">
        <a class="brand" href={href('claims')}>
          claimflow <span>back office</span>
        </a>
        <nav aria-label="Screens">
          <ul>
            {nav.map(([id, label]) => (
              <li key={id}>
                <a href={href(id)} aria-current={page === id ? 'page' : undefined}>
                  {label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <div class="who">
          <label for="region-switcher">Region</label>
          <select id="region-switcher" value={region} onChange={(e) => setRegion(e.currentTarget.value)}>
            {Object.keys(config.regions).map((r) => (
              <option key={r} value={r}>
                {r}
                {r === config.primaryRegion ? ' (primary)' : ''}
              </option>
            ))}
          </select>
          <span class="user" title={session.email}>
            {session.email} <span class="role">{session.role}</span>
          </span>
          <button
            type="button"
            onClick={() => {
              saveSession(undefined);
              setSession(undefined);
              setExpired(false);
              // The managed login keeps its own session: end it too, or "Sign in" would skip the password.
              if (config.identity?.kind === 'cognito') location.assign(cognitoLogoutUrl(config.identity));
            }}
          >
            Sign out
          </button>
        </div>
      </header>
      <main id="main" ref={mainRef} tabIndex={-1}>
        {screen}
      </main>
    </ConsoleProvider>
  );
}
