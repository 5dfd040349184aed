/**
 * Relays stdin/stdout to a TCP address. QEMU runs one per guest connection to
 * the proxy address of its user-mode network (guestfwd with `cmd:`).
 *
 * Usage: node relay.js HOST PORT
 */
import net from 'node:net';

const [host, port] = process.argv.slice(2);
const socket = net.connect(Number(port), host ?? '127.0.0.1');

socket.on('error', () => process.exit(1));
socket.on('close', () => process.exit(0));
process.stdin.on('error', () => socket.destroy());
process.stdin.pipe(socket);
socket.pipe(process.stdout);
