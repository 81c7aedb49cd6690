import { useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, get, post, setCsrfToken, type Me } from './api';
import { applyLargeText, changeLanguage } from './i18n';

/** Who is logged in (null when nobody); also arms the CSRF token and applies the user's settings. */
export function useMe() {
  return useQuery({
    queryKey: ['me'],
    queryFn: async (): Promise<Me | null> => {
      try {
        const me = await get<Me>('/auth/me');
        setCsrfToken(me.csrfToken);
        if (me.locale) await changeLanguage(me.locale);
        applyLargeText(me.largeText);
        return me;
      } catch (err) {
        if (err instanceof ApiError && err.status === 401) return null;
        throw err;
      }
    },
    staleTime: 60_000,
  });
}

export function useSessionActions() {
  const queryClient = useQueryClient();
  return {
    async login(phone: string, password: string) {
      const { csrfToken } = await post<{ csrfToken: string }>('/auth/login', { phone, password });
      setCsrfToken(csrfToken);
      await queryClient.invalidateQueries({ queryKey: ['me'] });
    },
    async register(phone: string, password: string, displayName: string) {
      const { csrfToken } = await post<{ csrfToken: string }>('/auth/register', {
        phone,
        password,
        displayName,
      });
      setCsrfToken(csrfToken);
      await queryClient.invalidateQueries({ queryKey: ['me'] });
    },
    /** Every other session of the account ends; this one stays. */
    async changePassword(current: string, next: string) {
      await post('/auth/password', { current, next });
      await queryClient.invalidateQueries({ queryKey: ['me'] });
    },
    async logout() {
      await post('/auth/logout');
      setCsrfToken(null);
      queryClient.clear();
      queryClient.setQueryData(['me'], null);
    },
  };
}
