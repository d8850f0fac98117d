import { createRootRoute, createRoute, createRouter, Link, Outlet } from '@tanstack/react-router';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, rememberCsrfToken } from './api.ts';
import { useSession } from './session.ts';
import { ErrorBox, Loading } from './ui.tsx';
import { SignInPage } from './pages/sign-in.tsx';
import { QueuesPage } from './pages/queues.tsx';
import { CasePage } from './pages/case.tsx';
import { SearchPage } from './pages/search.tsx';
import { MeasuresPage, ListsPage } from './pages/measures-and-lists.tsx';
import { DashboardPage } from './pages/dashboard.tsx';

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
]);

export const router = createRouter({ routeTree });

declare module '@tanstack/react-router' {
  interface Register {
    router: typeof router;
  }
}
