/** One file of a list as the publisher names it, its content already decoded to text by the caller. */
export interface ListFile {
  readonly name: string;
  readonly content: string;
}
