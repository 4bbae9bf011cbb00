import { useCallback, useState } from 'react';
import { useDidShow } from '@tarojs/taro';
import type { ApiError } from '@shared/api/errors';
import { hasSession, startLogin } from '../../../api/session';
import { isStaff, staffApi } from './staffApi';

/** `roles`: which of the staff pages' roles the caller holds (the 经办窗口's actions are for `staff` alone). */
export type Access = { kind: 'checking' } | { kind: 'failed'; error: ApiError } | { kind: 'denied' } | { kind: 'staff'; roles: readonly string[] };

/**
 * Whether the caller may use the staff pages, from `me`'s roles. Only a courtesy: the functions enforce the
 * roles themselves, and a page still shows the same message if one answers FORBIDDEN.
 */
export function useStaffAccess(): { access: Access; recheck: () => void } {
  const [access, setAccess] = useState<Access>({ kind: 'checking' });
  const check = useCallback(async () => {
    if (!hasSession()) {
      startLogin();
      return;
    }
    const me = await staffApi.me();
    if (!me.ok) {
      if (me.error.code === 'UNAUTHENTICATED') startLogin();
      else setAccess({ kind: 'failed', error: me.error });
      return;
    }
    setAccess(isStaff(me.data.roles) ? { kind: 'staff', roles: me.data.roles } : { kind: 'denied' });
  }, []);
  useDidShow(() => {
    void check();
  });
  return {
    access,
    recheck: () => {
      setAccess({ kind: 'checking' });
      void check();
    },
  };
}
