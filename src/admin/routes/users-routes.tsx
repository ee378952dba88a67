import type { FastifyReply, FastifyRequest } from 'fastify';
import { MIN_PASSWORD_LENGTH } from '../../content/passwords.ts';
import { createUser, deleteUser, getUser, listUsers, setPassword, updateUser } from '../../content/use-cases/users.ts';
import { invalid } from '../../core/errors.ts';
import { type AdminModule, adminContext, field, formError, idParam, isFormError, sendPage } from '../admin-plugin.tsx';
import { UserPage, UsersPage } from '../views/users-pages.tsx';

/** User management (administrators): list, create with a role, change role, deactivate, new password, delete. */
export const usersRoutes: AdminModule = (admin, deps) => {
  const { store, clock } = deps;
  const config = { permission: 'users.manage' } as const;

  admin.get('/admin/users', { config }, async (req, reply) => {
    const ctx = await adminContext(req, reply);
    const users = await listUsers(store, req.actor);
    return sendPage(reply, <UsersPage ctx={ctx} users={users} values={{ email: '', display_name: '', role: 'author' }} />);
  });

  admin.post('/admin/users', { config }, async (req, reply) => {
    const values = { email: field(req.body, 'email'), display_name: field(req.body, 'display_name'), role: field(req.body, 'role') };
    try {
      await store.transaction((repos) => createUser(repos, clock, req.actor, { ...values, password: field(req.body, 'password') }));
    } catch (err) {
      if (!isFormError(err)) throw err;
      const ctx = await adminContext(req, reply);
      const users = await listUsers(store, req.actor);
      return sendPage(reply, <UsersPage ctx={ctx} users={users} values={values} error={formError(ctx, err, { min: MIN_PASSWORD_LENGTH })} />, err.status);
    }
    req.log.info({ by: req.actor?.user_id, email: values.email.trim().toLowerCase(), role: values.role }, 'admin: user created');
    return reply.redirect('/admin/users?notice=notice_user_created', 303);
  });

  admin.get<{ Params: { id: string } }>('/admin/users/:id', { config }, async (req, reply) => {
    const user = await getUser(store, req.actor, idParam(req.params.id));
    const ctx = await adminContext(req, reply);
    return sendPage(reply, <UserPage ctx={ctx} user={user} />);
  });

  const formFailure = async (req: FastifyRequest, reply: FastifyReply, id: number, err: unknown, form: 'profile' | 'password' | 'delete') => {
    if (!isFormError(err)) throw err;
    const ctx = await adminContext(req, reply);
    const user = await getUser(store, req.actor, id);
    return sendPage(reply, <UserPage ctx={ctx} user={user} form={form} error={formError(ctx, err, { min: MIN_PASSWORD_LENGTH })} />, err.status);
  };

  admin.post<{ Params: { id: string } }>('/admin/users/:id', { config }, async (req, reply) => {
    const id = idParam(req.params.id);
    try {
      await store.transaction((repos) =>
        updateUser(repos, clock, req.actor, id, {
          display_name: field(req.body, 'display_name'),
          role: field(req.body, 'role'),
          active: field(req.body, 'active') === '1',
        }),
      );
    } catch (err) {
      return formFailure(req, reply, id, err, 'profile');
    }
    req.log.info({ by: req.actor?.user_id, user_id: id, role: field(req.body, 'role'), active: field(req.body, 'active') === '1' }, 'admin: user changed');
    return reply.redirect(`/admin/users/${id}?notice=notice_saved`, 303);
  });

  admin.post<{ Params: { id: string } }>('/admin/users/:id/password', { config }, async (req, reply) => {
    const id = idParam(req.params.id);
    try {
      // An administrator setting their own password here keeps the session in use.
      await store.transaction((repos) => setPassword(repos, clock, req.actor, id, field(req.body, 'password'), req.session.sessionId));
    } catch (err) {
      return formFailure(req, reply, id, err, 'password');
    }
    if (id === req.actor?.user_id) req.session.password_changed_at = (await store.users.findById(id))?.password_changed_at;
    req.log.info({ by: req.actor?.user_id, user_id: id }, 'admin: password set');
    return reply.redirect(`/admin/users/${id}?notice=notice_password_set`, 303);
  });

  admin.post<{ Params: { id: string } }>('/admin/users/:id/delete', { config }, async (req, reply) => {
    const id = idParam(req.params.id);
    try {
      if (field(req.body, 'confirm') !== '1') throw invalid('confirm the deletion', { field: 'confirm', reason: 'confirm_required' });
      await store.transaction((repos) => deleteUser(repos, req.actor, id));
    } catch (err) {
      return formFailure(req, reply, id, err, 'delete');
    }
    req.log.info({ by: req.actor?.user_id, user_id: id }, 'admin: user deleted');
    return reply.redirect('/admin/users?notice=notice_user_deleted', 303);
  });
};
