import {
  createRootRoute,
  createRoute,
  createRouter,
  lazyRouteComponent,
  Link,
  Outlet,
} from '@tanstack/react-router';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { accessLogSearchParams } from './access-log.ts';
import { api, rememberCsrfToken } from './api.ts';
import { can, useSession } from './session.ts';
import { ErrorBox, Loading } from './ui.tsx';
import { SignInPage } from './pages/sign-in.tsx';
import { QueuesPage } from './pages/queues.tsx';
import { CasePage } from './pages/case.tsx';

// The queues and the case view are the daily path and load with the app; the other pages are
// fetched when first opened (or hovered), so the dashboard's chart library is not in the first load.
const SearchPage = lazyRouteComponent(() => import('./pages/search.tsx'), 'SearchPage');
const DashboardPage = lazyRouteComponent(() => import('./pages/dashboard.tsx'), 'DashboardPage');
const MeasuresPage = lazyRouteComponent(() => import('./pages/measures-and-lists.tsx'), 'MeasuresPage');
const ListsPage = lazyRouteComponent(() => import('./pages/measures-and-lists.tsx'), 'ListsPage');
const AccessLogPage = lazyRouteComponent(() => import('./pages/access-log.tsx'), 'AccessLogPage');

function Layout() {
  const session = useSession();
  const queryClient = useQueryClient();
  const signOut = useMutation({
    mutationFn: api.signOut,
    onSettled: () => {
      rememberCsrfToken(undefined);
      queryClient.clear();
    },
  });
  if (session.isPending) return <Loading what="your session" />;
  if (session.isError) return <ErrorBox error={session.error} what="your session" />;
  if (session.data === null) return <SignInPage />;
  const { user } = session.data;
  return (
    <div className="shell">
      <header>
        <span className="brand">Gatehouse</span>
        <nav aria-label="Main">
          <Link to="/" activeOptions={{ exact: true }}>
            Queues
          </Link>
          <Link to="/search">Search</Link>
          <Link to="/dashboard">Dashboard</Link>
          <Link to="/measures">Measures</Link>
          <Link to="/lists">Lists</Link>
          {can(session.data, 'access-log') && <Link to="/access-log">Access log</Link>}
        </nav>
        <span className="who">
          {user.name} ({user.role})
          <button type="button" onClick={() => signOut.mutate()}>
            Sign out
          </button>
        </span>
      </header>
      <main>
        <Outlet />
      </main>
    </div>
  );
}

const rootRoute = createRootRoute({
  component: Layout,
  notFoundComponent: () => <p role="alert">No such page.</p>,
});

const routeTree = rootRoute.addChildren([
  createRoute({ getParentRoute: () => rootRoute, path: '/', component: QueuesPage }),
  createRoute({ getParentRoute: () => rootRoute, path: '/applications/$id', component: CasePage }),
  createRoute({ getParentRoute: () => rootRoute, path: '/search', component: SearchPage }),
  createRoute({ getParentRoute: () => rootRoute, path: '/dashboard', component: DashboardPage }),
  createRoute({ getParentRoute: () => rootRoute, path: '/measures', component: MeasuresPage }),
  createRoute({ getParentRoute: () => rootRoute, path: '/lists', component: ListsPage }),
  createRoute({
    getParentRoute: () => rootRoute,
    path: '/access-log',
    validateSearch: accessLogSearchParams,
    component: AccessLogPage,
  }),
]);

export const router = createRouter({
  routeTree,
  defaultPreload: 'intent',
  defaultPendingComponent: () => <Loading what="the page" />,
  // A page's chunk can fail to load (offline, or a new release replaced the hashed files).
  defaultErrorComponent: ({ error }) => (
    <>
      <ErrorBox error={error} what="the page" />
      <button type="button" onClick={() => window.location.reload()}>
        Reload the console
      </button>
    </>
  ),
});

declare module '@tanstack/react-router' {
  interface Register {
    router: typeof router;
  }
}
