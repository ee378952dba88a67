import type { FastifyInstance } from 'fastify';
import { type AdminDeps, registerAdmin } from './admin-plugin.tsx';
import { adminApiRoutes } from './routes/api-routes.ts';
import { articleListRoutes } from './routes/articles-routes.tsx';
import { authRoutes } from './routes/auth-routes.tsx';
import { settingsRoutes } from './routes/settings-routes.tsx';
import { taxonomyRoutes } from './routes/taxonomy-routes.tsx';
import { usersRoutes } from './routes/users-routes.tsx';

/**
 * Registers the back office (`/admin`, `/api/admin`) with jarida's own
 * admin routes and `deps.modules` (see `admin-plugin.tsx` for how a feature
 * adds routes). Call before the app is ready; the routes load with it.
 */
export function registerBackOffice(app: FastifyInstance, deps: AdminDeps): void {
  registerAdmin(app, deps, [authRoutes, articleListRoutes, usersRoutes, taxonomyRoutes, settingsRoutes, adminApiRoutes]);
}
