/**
 * Largest article editor form, in bytes as posted (urlencoded), shared by
 * the server (the editor routes' `bodyLimit`) and the browser (which keeps
 * the text on the page rather than send what would be refused). Percent-
 * encoding takes 6 bytes per Arabic letter, so 8 MiB holds about 1.4 million
 * letters of body HTML: several times the longest report, while one request
 * still cannot make the server buffer much (docs/adr/022).
 */
export const EDITOR_FORM_LIMIT_BYTES = 8 * 1024 * 1024;
