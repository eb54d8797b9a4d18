// A minimal SMTP receiver (the realm sends to localhost:KCEDU_SMTP_PORT): keeps every message, for the mail flows.
import { createServer } from 'node:net';

export class SmtpSink {
  constructor(port) {
    this.port = port;
    this.mails = [];
    this.server = createServer((socket) => this.converse(socket));
  }

  start() {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.port, '127.0.0.1', () => resolve(this));
    });
  }

  stop() {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  converse(socket) {
    socket.setEncoding('utf8');
    let buffer = '';
    let to = [];
    let data = null;
    socket.write('220 e2e-sink ESMTP\r\n');
    socket.on('data', (chunk) => {
      buffer += chunk;
      let nl;
      while ((nl = buffer.indexOf('\r\n')) >= 0) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 2);
        if (data !== null) {
          if (line === '.') {
            this.mails.push({ to, data: data.join('\n') });
            data = null;
            to = [];
            socket.write('250 OK\r\n');
          } else {
            data.push(line.startsWith('..') ? line.slice(1) : line);
          }
          continue;
        }
        const cmd = line.toUpperCase();
        if (cmd.startsWith('EHLO') || cmd.startsWith('HELO')) socket.write('250 e2e-sink\r\n');
        else if (cmd.startsWith('RCPT TO:')) {
          to.push(line.slice(8).trim().replace(/[<>]/g, '').toLowerCase());
          socket.write('250 OK\r\n');
        } else if (cmd === 'DATA') {
          data = [];
          socket.write('354 go ahead\r\n');
        } else if (cmd === 'QUIT') {
          socket.end('221 bye\r\n');
        } else socket.write('250 OK\r\n');
      }
    });
    socket.on('error', () => {});
  }

  /** Waits for a mail to {@code address}; the decoded text of a quoted-printable body is in {@code text}. */
  async await(address, millis = 20_000) {
    const end = Date.now() + millis;
    while (Date.now() < end) {
      const m = this.mails.find((x) => x.to.includes(address.toLowerCase()));
      if (m) return { ...m, text: decodeQuotedPrintable(m.data) };
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`no mail to ${address} within ${millis} ms (got ${this.mails.length}: ${this.mails.map((m) => m.to).join(', ')})`);
  }
}

function decodeQuotedPrintable(s) {
  return s.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, h) => String.fromCharCode(parseInt(h, 16)));
}
