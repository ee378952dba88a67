import type { Category } from './types.ts';

/** A category with its children, in menu order. */
export interface CategoryNode extends Category {
  children: CategoryNode[];
}

/** A category as the tree accepts it: `in_menu` may be left out (listed). */
export type CategoryRow = Omit<Category, 'in_menu'> & { in_menu?: boolean };

/**
 * The menu tree built from a flat list, plus lookups by id and by slug path.
 * Paths are slugs from the top, e.g. `['رياضة', 'عربي']`.
 */
export class CategoryTree {
  readonly roots: CategoryNode[];
  private readonly byId = new Map<number, CategoryNode>();
  private menuNodes: CategoryNode[] | undefined;

  constructor(categories: readonly CategoryRow[]) {
    for (const c of categories) this.byId.set(c.id, { ...c, in_menu: c.in_menu !== false, children: [] });
    const roots: CategoryNode[] = [];
    for (const node of this.byId.values()) {
      const parent = node.parent_id === null ? undefined : this.byId.get(node.parent_id);
      (parent ? parent.children : roots).push(node);
    }
    const order = (a: CategoryNode, b: CategoryNode) => a.menu_order - b.menu_order || a.id - b.id;
    roots.sort(order);
    for (const node of this.byId.values()) node.children.sort(order);
    this.roots = roots;
  }

  /** How many categories the tree holds, listed in the menu or not. */
  get size(): number {
    return this.byId.size;
  }

  get(id: number): CategoryNode | undefined {
    return this.byId.get(id);
  }

  /** The chain from the root down to `id` (empty when unknown). */
  ancestry(id: number): CategoryNode[] {
    const chain: CategoryNode[] = [];
    for (let node = this.byId.get(id); node; node = node.parent_id === null ? undefined : this.byId.get(node.parent_id)) {
      chain.unshift(node);
    }
    return chain;
  }

  /** Slug path of `id`, e.g. `['رياضة', 'عربي']`. */
  path(id: number): string[] {
    return this.ancestry(id).map((c) => c.slug);
  }

  /** The category at a slug path, or undefined. */
  findByPath(path: readonly string[]): CategoryNode | undefined {
    let level = this.roots;
    let found: CategoryNode | undefined;
    for (const slug of path) {
      found = level.find((c) => c.slug === slug);
      if (!found) return undefined;
      level = found.children;
    }
    return found;
  }

  /**
   * The category at a path written with names or slugs separated by `/`
   * (e.g. `رياضة/عربي`), as used in the import category mapping.
   */
  findByNamePath(path: string): CategoryNode | undefined {
    let level = this.roots;
    let found: CategoryNode | undefined;
    for (const part of path.split('/').map((p) => p.trim()).filter(Boolean)) {
      found = level.find((c) => c.name === part || c.slug === part);
      if (!found) return undefined;
      level = found.children;
    }
    return found;
  }

  /**
   * What the site menu lists: the roots and their sub-trees without the
   * categories hidden from it (a hidden category hides its sub-categories
   * with it). Hidden categories stay in the tree: their pages still work.
   */
  menu(): CategoryNode[] {
    const listed = (nodes: readonly CategoryNode[]): CategoryNode[] => nodes.filter((n) => n.in_menu).map((n) => ({ ...n, children: listed(n.children) }));
    // The tree never changes once built (a change of categories loads a new one): computed once.
    this.menuNodes ??= listed(this.roots);
    return this.menuNodes;
  }

  /** `id` and every category below it. */
  withDescendants(id: number): number[] {
    const out: number[] = [];
    const walk = (node: CategoryNode | undefined) => {
      if (!node) return;
      out.push(node.id);
      node.children.forEach(walk);
    };
    walk(this.byId.get(id));
    return out;
  }
}
