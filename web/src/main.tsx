/** The Flexmarket dashboard: sign in, then the views of the organisation's role. */
import { type ReactElement, StrictMode, useEffect, useRef, useState } from "react";
import { createRoot } from "react-dom/client";
import { getSession, onSessionChange, type Session, setSession } from "./api.js";
import { Link, match, navigate, usePath } from "./router.js";
import { getTimeMode, onTimeModeChange, setTimeMode, type TimeMode } from "./time.js";
import { Empty } from "./ui.js";
import { AncillaryAuctions } from "./views/operator-auctions.js";
import { OperatorCompetition } from "./views/operator-competition.js";
import { OperatorCompetitions } from "./views/operator-competitions.js";
import { NewCompetition } from "./views/operator-new-competition.js";
import { ProviderCompetition } from "./views/provider-competition.js";
import { Obligations } from "./views/provider-obligations.js";
import { Competitions, Opportunities } from "./views/provider-opportunities.js";
import { SignIn } from "./views/sign-in.js";
import { VirtualAsset } from "./views/virtual-asset.js";
import { VirtualAssets } from "./views/virtual-assets.js";
import "./styles.css";

const ROLE_NAMES: Record<string, string> = { provider: "Flexibility provider", system_operator: "System operator" };

interface Route {
  readonly pattern: string;
  readonly render: (params: Record<string, string>, session: Session) => ReactElement;
}

const PROVIDER_ROUTES: readonly Route[] = [
  { pattern: "/provider", render: () => <Opportunities /> },
  { pattern: "/provider/competitions", render: () => <Competitions /> },
  { pattern: "/provider/competitions/:id", render: (p) => <ProviderCompetition id={p.id!} /> },
  { pattern: "/provider/obligations", render: () => <Obligations /> },
  { pattern: "/batteries", render: (_p, s) => <VirtualAssets organisationId={s.organisationId} /> },
  { pattern: "/batteries/:id", render: (p, s) => <VirtualAsset organisationId={s.organisationId} id={p.id!} /> },
];

const OPERATOR_ROUTES: readonly Route[] = [
  { pattern: "/operator", render: () => <OperatorCompetitions /> },
  { pattern: "/operator/new", render: () => <NewCompetition /> },
  { pattern: "/operator/competitions/:id", render: (p) => <OperatorCompetition id={p.id!} /> },
  { pattern: "/operator/auctions", render: () => <AncillaryAuctions /> },
];

const NAV: Record<string, readonly [string, string][]> = {
  provider: [
    ["/provider", "Bidding opportunities"],
    ["/provider/competitions", "Competitions"],
    ["/provider/obligations", "Obligations"],
    ["/batteries", "Virtual assets"],
  ],
  system_operator: [
    ["/operator", "Competitions"],
    ["/operator/new", "New competition"],
    ["/operator/auctions", "TSO auctions"],
  ],
};

/** The start page: a system operator's competitions; a battery user (username sign-in) lands on its batteries. */
const homeOf = (session: Session): string =>
  session.role === "system_operator" ? "/operator" : session.kind === "user" ? "/batteries" : "/provider";

function App() {
  const [session, setCurrent] = useState<Session | null>(getSession());
  const [timeMode, setMode] = useState<TimeMode>(getTimeMode());
  const [menuOpen, setMenuOpen] = useState(false);
  const path = usePath();
  useEffect(() => onSessionChange(setCurrent), []);
  useEffect(() => onTimeModeChange(setMode), []);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the compact menu closes on every navigation
  useEffect(() => setMenuOpen(false), [path]);

  useEffect(() => {
    if (session === null && path !== "/signin") navigate("/signin", true);
    if (session !== null && (path === "/" || path === "/signin")) navigate(homeOf(session), true);
  }, [session, path]);

  // After an in-app navigation, move focus to the new page (screen readers announce it; Tab starts there).
  const firstPath = useRef(path);
  useEffect(() => {
    if (path !== firstPath.current) {
      firstPath.current = "";
      document.getElementById("main")?.focus({ preventScroll: false });
    }
  }, [path]);

  if (session === null) return <SignIn />;
  const routes = session.role === "system_operator" ? OPERATOR_ROUTES : PROVIDER_ROUTES;
  let page: ReactElement | null = null;
  for (const route of routes) {
    const params = match(route.pattern, path);
    if (params) {
      page = route.render(params, session);
      break;
    }
  }

  return (
    <>
      <a className="skip" href="#main">
        Skip to content
      </a>
      <header className={menuOpen ? "top open" : "top"}>
        <span className="brand">Flexmarket</span>
        <button
          type="button"
          className="menu-toggle"
          aria-expanded={menuOpen}
          aria-controls="main-nav"
          onClick={() => setMenuOpen(!menuOpen)}
        >
          Menu
        </button>
        <nav aria-label="Main" id="main-nav">
          {(NAV[session.role] ?? []).map(([to, label]) => (
            <Link key={to} to={to}>
              {label}
            </Link>
          ))}
        </nav>
        <div className="session">
          <span className="who" data-testid="who">
            {ROLE_NAMES[session.role] ?? session.role} · {session.organisationId}
          </span>
          <label className="inline time-mode">
            <input
              type="checkbox"
              checked={timeMode === "local"}
              onChange={(e) => setTimeMode(e.target.checked ? "local" : "market")}
            />
            Show my local time
          </label>
          <button type="button" onClick={() => setSession(null)}>
            Sign out
          </button>
        </div>
      </header>
      <main id="main" tabIndex={-1} key={timeMode}>
        {page ?? (
          <Empty>
            This page does not exist for your organisation. <Link to={homeOf(session)}>Go to the start page</Link>.
          </Empty>
        )}
      </main>
    </>
  );
}

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
