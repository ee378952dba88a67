/**
 * Length limits that more than one kind of record shares, in Unicode code
 * points (what `[...text].length` counts; an Arabic letter with its harakat
 * is several). One number for one kind of text, wherever it is typed, so
 * that a value accepted in one form is not refused in another.
 */

/** A person's name: a user's display name and an article's byline (a display name becomes a byline). */
export const MAX_PERSON_NAME_LENGTH = 120;

/**
 * Alternative text of an image: the media library's and an article's
 * featured image's (screen readers read it whole; a caption belongs in the
 * article).
 */
export const MAX_ALT_LENGTH = 300;
