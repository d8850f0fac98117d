import { useQuery } from '@tanstack/react-query';
import { api, ApiError, rememberCsrfToken, type Session } from './api.ts';

/** The signed-in user, or null when the cookie is missing or the session ended. */
export function useSession() {
  return useQuery({
    queryKey: ['session'],
    queryFn: async (): Promise<Session | null> => {
      try {
        const session = await api.session();
        rememberCsrfToken(session.csrfToken);
        return session;
      } catch (error) {
        if (error instanceof ApiError && error.status === 401) return null;
        throw error;
      }
    },
    staleTime: 60_000,
  });
}

/** What the role may do, mirroring the server's grants (the server enforces them; this hides buttons). */
export function can(
  session: Session | null | undefined,
  what: 'decide' | 'review-hits' | 'reveal' | 'audit' | 'access-log',
): boolean {
  const role = session?.user.role;
  if (role === 'admin') return true;
  switch (what) {
    case 'decide':
    case 'review-hits':
      return role === 'reviewer';
    case 'reveal':
      return role === 'reviewer' || role === 'auditor';
    case 'audit':
      return role === 'auditor';
    case 'access-log':
      return role === 'analyst' || role === 'reviewer' || role === 'auditor';
  }
}
