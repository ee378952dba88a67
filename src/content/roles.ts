/**
 * Newsroom roles and what each may do (glossary: مساهم، كاتب، محرر، مدير).
 * One table serves the admin routes, the JSON API and the CLI, so a rule is
 * written once. The split follows WordPress's contributor / author / editor /
 * administrator roles, which Arabic newsrooms already know.
 */

/** Newsroom roles, least to most trusted. */
export const ROLES = ['contributor', 'author', 'editor', 'administrator'] as const;
export type Role = (typeof ROLES)[number];

/**
 * Permissions. `…_own` applies to articles the user created; `…_any` to
 * every article.
 */
export const PERMISSIONS = [
  /** Open the back office at all. */
  'admin.access',
  /** Write drafts and submit them for review. */
  'article.create',
  'article.edit_own',
  /** Publish, schedule and unpublish one's own articles. */
  'article.publish_own',
  'article.edit_any',
  'article.publish_any',
  'article.delete_any',
  /** Upload images and pick from the media library. */
  'media.upload',
  /** Categories, menu order, tags, feed sources. */
  'taxonomy.manage',
  'sources.manage',
  'users.manage',
  'settings.manage',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const GRANTS: Readonly<Record<Role, readonly Permission[]>> = {
  contributor: ['admin.access', 'article.create', 'article.edit_own'],
  author: ['admin.access', 'article.create', 'article.edit_own', 'article.publish_own', 'media.upload'],
  editor: [
    'admin.access',
    'article.create',
    'article.edit_own',
    'article.publish_own',
    'article.edit_any',
    'article.publish_any',
    'article.delete_any',
    'media.upload',
    'taxonomy.manage',
    'sources.manage',
  ],
  administrator: [...PERMISSIONS],
};

/** Who is acting: a signed-in user (or the CLI acting as one). */
export interface Actor {
  user_id: number;
  role: Role;
}

/** Whether `role` holds `permission`. */
export function roleHas(role: Role, permission: Permission): boolean {
  return GRANTS[role].includes(permission);
}

/** Type guard for role names read from input (forms, CLI flags, the database). */
export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/**
 * Whether `actor` may edit an article created by `createdBy` (a user id, or
 * null for imported items). Contributors may only edit their own articles
 * while those are drafts or in review; publishing takes them out of their hands.
 */
export function canEditArticle(actor: Actor, article: { created_by: number | null; status: string }): boolean {
  if (roleHas(actor.role, 'article.edit_any')) return true;
  if (article.created_by !== actor.user_id || !roleHas(actor.role, 'article.edit_own')) return false;
  if (actor.role === 'contributor') return article.status === 'draft' || article.status === 'in_review';
  return true;
}

/** Whether `actor` may publish, schedule or unpublish that article. */
export function canPublishArticle(actor: Actor, article: { created_by: number | null }): boolean {
  if (roleHas(actor.role, 'article.publish_any')) return true;
  return article.created_by === actor.user_id && roleHas(actor.role, 'article.publish_own');
}
