/** One frame as read off the wire, before its content type is interpreted. */
export type RawFrame = Readonly<{
  /** Every header in wire order, values exactly as sent (not percent-decoded). */
  headers: ReadonlyArray<readonly [name: string, value: string]>;
  /** The `Content-Type` header, if any. */
  contentType: string | undefined;
  /**
   * Exactly `Content-Length` bytes, or undefined without that header. May be a view over a
   * pushed chunk: copy it before keeping it for long.
   */
  body: Buffer | undefined;
  /** Bytes this frame took on the wire, blank lines skipped before it included. */
  bytes: number;
}>;
