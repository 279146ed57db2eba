// A multipart/form-data body holding one file, as a browser's form upload sends it.
export function fileUpload(content: string | Buffer, options: { filename?: string; type?: string } = {}): { rawBody: Buffer; contentType: string } {
  const boundary = '----tandem-test-boundary-7MA4YWxkTrZu0gW';
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${options.filename ?? 'cases.csv'}"\r\nContent-Type: ${options.type ?? 'text/csv'}\r\n\r\n`;
  const body = Buffer.concat([Buffer.from(head, 'utf8'), Buffer.isBuffer(content) ? content : Buffer.from(content, 'utf8'), Buffer.from(`\r\n--${boundary}--\r\n`, 'utf8')]);
  return { rawBody: body, contentType: `multipart/form-data; boundary=${boundary}` };
}
