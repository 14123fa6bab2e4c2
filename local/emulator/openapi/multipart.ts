import type { IncomingHttpHeaders } from 'node:http';
import busboy from 'busboy';

export interface MultipartForm {
  fields: Record<string, string>;
  files: Record<string, Buffer>;
}

/**
 * Parses an already-read multipart body. `requestData` is binary protobuf sent without a filename but
 * as `application/octet-stream`, which busboy 1.x hands over as a file part: raw bytes, not a decoded string.
 */
export function parseMultipart(headers: IncomingHttpHeaders, body: Buffer): Promise<MultipartForm> {
  return new Promise((resolve, reject) => {
    const form: MultipartForm = { fields: {}, files: {} };
    // busboy may report 'close' before the last file stream has ended: wait for both.
    let openFiles = 0;
    let closed = false;
    const finish = () => {
      if (closed && openFiles === 0) resolve(form);
    };
    let bb: busboy.Busboy;
    try {
      bb = busboy({ headers, defParamCharset: 'utf8' });
    } catch (err) {
      reject(err);
      return;
    }
    bb.on('field', (name, value) => {
      form.fields[name] = value;
    });
    bb.on('file', (name, stream) => {
      const chunks: Buffer[] = [];
      openFiles += 1;
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        form.files[name] = Buffer.concat(chunks);
        openFiles -= 1;
        finish();
      });
    });
    bb.on('close', () => {
      closed = true;
      finish();
    });
    bb.on('error', reject);
    bb.end(body);
  });
}
