import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../../config.ts';
import { invalid, type JaridaError } from '../../core/errors.ts';
import {
  addFeedSource,
  DEFAULT_POLL_INTERVAL_S,
  feedSourceErrors,
  findFeedSource,
  formatCategoryMap,
  listFeedSources,
  MAX_POLL_INTERVAL_S,
  MIN_POLL_INTERVAL_S,
  type NewFeedSource,
  parseCategoryMap,
  pollFeedSourcesNow,
  type PolledSource,
  removeFeedSource,
  updateFeedSource,
} from '../../content/use-cases/feed-sources.ts';
import { joinedItemsOfSource, splitStoryItem } from '../../content/use-cases/story-split.ts';
import type { FeedMode, FeedSource } from '../../ingest/feed-types.ts';
import { type AdminModule, adminContext, field, formError, idParam, isFormError, sendPage } from '../admin-plugin.tsx';
import type { AdminContext } from '../views/context.ts';
import { intervalMinutes, SourceErrorsPage, SourcePage, type SourceFormValues, SourcesPage } from '../views/sources-pages.tsx';

/** What polling from the back office needs besides the admin deps: the fetch policy and concurrency of the config. */
export type SourcesRoutesOptions = Pick<Config, 'fetch' | 'feeds'>;

const EMPTY: SourceFormValues = { url: '', outlet_name: '', default_category: '', category_map: '', poll_interval: intervalMinutes(DEFAULT_POLL_INTERVAL_S), mode: 'draft', fetch_full_text: false };

function formValues(body: unknown): SourceFormValues {
  return {
    url: field(body, 'url'),
    outlet_name: field(body, 'outlet_name'),
    default_category: field(body, 'default_category'),
    category_map: field(body, 'category_map'),
    poll_interval: field(body, 'poll_interval'),
    mode: field(body, 'mode'),
    fetch_full_text: field(body, 'fetch_full_text') === '1',
  };
}

function storedValues(ctx: AdminContext, s: FeedSource): SourceFormValues {
  const { categories } = ctx.site;
  return {
    url: s.url,
    outlet_name: s.outlet_name,
    default_category: String(s.default_category_id),
    category_map: formatCategoryMap(s, categories),
    poll_interval: intervalMinutes(s.poll_interval_s),
    mode: s.mode,
    fetch_full_text: s.fetch_full_text,
  };
}

/** Minutes as typed (Arabic-Indic digits and `٫` allowed) → seconds; NaN when not a number, which the use case refuses. */
function intervalSeconds(raw: string): number {
  const ascii = raw.trim().replace(/[\u0660-\u0669]/gu, (d) => String(d.charCodeAt(0) - 0x0660)).replace('٫', '.');
  if (!/^\d+(\.\d+)?$/u.test(ascii)) return Number.NaN;
  // Any length of digits is a number: one too long gets the use case's "at most 7 days", not "not a number".
  const seconds = Number(ascii) * 60;
  return seconds > MAX_POLL_INTERVAL_S ? seconds : Math.round(seconds * 1000) / 1000;
}

/** The use-case input of a submitted form. @throws JaridaError `VALIDATION` for a mapping line it cannot read. */
function sourceInput(body: unknown): NewFeedSource {
  const v = formValues(body);
  return {
    url: v.url,
    outlet_name: v.outlet_name,
    // The select sends an id; anything else is no category (refused by the use case).
    default_category: /^[1-9]\d{0,15}$/u.test(v.default_category) ? Number(v.default_category) : 0,
    category_map: parseCategoryMap(v.category_map),
    poll_interval_s: intervalSeconds(v.poll_interval),
    mode: v.mode as FeedMode,
    fetch_full_text: v.fetch_full_text,
  };
}

/** The values shown in an error message of the source forms. */
function messageValues(err: JaridaError): Record<string, string | number> {
  const max = err.details.reason === 'source_interval_too_long' ? MAX_POLL_INTERVAL_S / 60 : Number(err.details.max ?? 0);
  return { min: MIN_POLL_INTERVAL_S / 60, max, line: Number(err.details.line ?? 0), path: String(err.details.path ?? '') };
}

/**
 * Feed sources for editors (`sources.manage`): the list with each source's
 * polling state and the add form, a source's page (edit, poll now, delete)
 * and its error log. Polling runs the use case the CLI's `jarida source poll` runs.
 */
export function sourcesRoutes(options: SourcesRoutesOptions): AdminModule {
  return (admin, deps) => {
    const { store, clock } = deps;
    const config = { permission: 'sources.manage' } as const;

    admin.get('/admin/sources', { config }, async (req, reply) => {
      const ctx = await adminContext(req, reply);
      return sendPage(reply, <SourcesPage ctx={ctx} sources={await listFeedSources(store)} values={EMPTY} />);
    });

    admin.post('/admin/sources', { config }, async (req, reply) => {
      try {
        await addFeedSource(store, clock, sourceInput(req.body));
      } catch (err) {
        if (!isFormError(err)) throw err;
        const ctx = await adminContext(req, reply);
        const page = <SourcesPage ctx={ctx} sources={await listFeedSources(store)} values={formValues(req.body)} error={formError(ctx, err, messageValues(err))} />;
        return sendPage(reply, page, err.status);
      }
      return reply.redirect('/admin/sources?notice=notice_source_created', 303);
    });

    const sourcePage = async (req: FastifyRequest, reply: FastifyReply, id: number, state: { failure?: { err: unknown; form: 'edit' | 'delete' | 'split' }; polled?: PolledSource } = {}) => {
      const { failure } = state;
      if (failure && !isFormError(failure.err)) throw failure.err;
      // Read again after a poll: it changed the source's state.
      const source = await findFeedSource(store, id);
      const ctx = await adminContext(req, reply);
      const values = failure?.form === 'edit' ? formValues(req.body) : storedValues(ctx, source);
      const error = failure && isFormError(failure.err) ? formError(ctx, failure.err, messageValues(failure.err)) : undefined;
      const status = failure && isFormError(failure.err) ? failure.err.status : 200;
      const joined = await joinedItemsOfSource(store, source.id);
      return sendPage(reply, <SourcePage ctx={ctx} source={source} values={values} error={error} form={failure?.form} polled={state.polled} joined={joined} />, status);
    };

    admin.get<{ Params: { id: string } }>('/admin/sources/:id', { config }, (req, reply) => sourcePage(req, reply, idParam(req.params.id)));

    admin.post<{ Params: { id: string } }>('/admin/sources/:id', { config }, async (req, reply) => {
      const id = idParam(req.params.id);
      try {
        await updateFeedSource(store, clock, id, sourceInput(req.body));
      } catch (err) {
        return sourcePage(req, reply, id, { failure: { err, form: 'edit' } });
      }
      return reply.redirect(`/admin/sources/${id}?notice=notice_saved`, 303);
    });

    admin.post<{ Params: { id: string } }>('/admin/sources/:id/delete', { config }, async (req, reply) => {
      const id = idParam(req.params.id);
      try {
        if (field(req.body, 'confirm') !== '1') throw invalid('confirm the deletion', { field: 'confirm', reason: 'confirm_required' });
        await removeFeedSource(store, id);
      } catch (err) {
        return sourcePage(req, reply, id, { failure: { err, form: 'delete' } });
      }
      return reply.redirect('/admin/sources?notice=notice_source_deleted', 303);
    });

    // The outcome is shown at once rather than after a redirect: its counts live nowhere else.
    admin.post<{ Params: { id: string } }>('/admin/sources/:id/poll', { config }, async (req, reply) => {
      const id = idParam(req.params.id);
      const [polled] = await pollFeedSourcesNow({ store, clock, fetch: options.fetch }, [id], options.feeds.concurrency);
      return sourcePage(req, reply, id, { polled });
    });

    // Splitting an item out of a wrongly grouped story: it becomes its own article (story-split.ts).
    admin.post<{ Params: { id: string; item: string } }>('/admin/sources/:id/items/:item/split', { config }, async (req, reply) => {
      const id = idParam(req.params.id);
      try {
        await splitStoryItem(store, clock, idParam(req.params.item), id);
      } catch (err) {
        return sourcePage(req, reply, id, { failure: { err, form: 'split' } });
      }
      return reply.redirect(`/admin/sources/${id}?notice=notice_story_split`, 303);
    });

    admin.get<{ Params: { id: string } }>('/admin/sources/:id/errors', { config }, async (req, reply) => {
      const source = await findFeedSource(store, idParam(req.params.id));
      const ctx = await adminContext(req, reply);
      return sendPage(reply, <SourceErrorsPage ctx={ctx} source={source} errors={await feedSourceErrors(store, source.id)} />);
    });
  };
}
