import { isolateBidi } from '../../content/text-fields.ts';
import type { JoinedItem } from '../../content/use-cases/story-split.ts';
import { fill } from '../../web/i18n.ts';
import type { AdminContext, FormError } from './context.ts';
import { ErrorSummary, PostForm } from './parts.tsx';

/**
 * A source's items grouped into other outlets' stories, each with the story's
 * article and a «فصل عن الخبر» button (POST `/admin/sources/:id/items/:item/split`),
 * on the source's page: where an editor who sees a wrong grouping undoes it.
 */
export function StoryItemsSection({ ctx, sourceId, items, error }: { ctx: AdminContext; sourceId: number; items: readonly JoinedItem[]; error?: FormError | undefined }) {
  const { t } = ctx;
  return (
    <section aria-labelledby="story-items-title">
      <h2 id="story-items-title" safe>
        {t.storyItemsTitle}
      </h2>
      <ErrorSummary ctx={ctx} error={error} />
      {items.length === 0 ? (
        <p safe>{t.storyItemsNone}</p>
      ) : (
        <>
          <p safe>{t.storyItemsIntro}</p>
          <table class="list">
            <caption class="visually-hidden" safe>
              {t.storyItemsTitle}
            </caption>
            <thead>
              <tr>
                <th scope="col" safe>
                  {t.colStoryItem}
                </th>
                <th scope="col" safe>
                  {t.colStoryArticle}
                </th>
                <th scope="col" safe>
                  {t.colActions}
                </th>
              </tr>
            </thead>
            <tbody>
              {items.map(({ item, story_article: story, splittable }) => (
                <tr>
                  <th scope="row" dir="auto" safe>
                    {item.title}
                  </th>
                  <td>
                    {story ? (
                      <a href={`/admin/articles/${story.id}`} dir="auto" safe>
                        {story.title}
                      </a>
                    ) : (
                      ''
                    )}
                  </td>
                  <td>
                    {splittable ? (
                      <PostForm ctx={ctx} action={`/admin/sources/${sourceId}/items/${item.id}/split`} class="inline">
                        <button type="submit" class="secondary">
                          <span safe>{t.splitFromStory}</span>
                          <span class="visually-hidden" safe>
                            {fill(t.splitFromStoryTarget, { item: isolateBidi(item.title), story: isolateBidi(story?.title ?? '') })}
                          </span>
                        </button>
                      </PostForm>
                    ) : (
                      <span safe>{t.storyItemNoText}</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
