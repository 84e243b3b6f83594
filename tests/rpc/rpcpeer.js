// A JSON-RPC 2.0 peer on stdin/stdout, one message per line, for tst_jsonrpcconnection. No
// dependencies: plain Node. Methods: echo, sleep {ms}, ask (asks the client "client/question"
// and returns its answer), garbage (prints a non-JSON line first), die (exits with 3 after a
// line on stderr), big {bytes} (answers with a line that long), notify (sends "peer/event"),
// cancelled (the ids notifications/cancelled named so far).
'use strict';
const readline = require('readline');

const cancelled = [];
let nextId = 1;
const waiting = new Map();

function send(message) {
    process.stdout.write(JSON.stringify(message) + '\n');
}

function answer(id, result) {
    send({ jsonrpc: '2.0', id, result });
}

readline.createInterface({ input: process.stdin }).on('line', (line) => {
    let message;
    try {
        message = JSON.parse(line);
    } catch (e) {
        send({ jsonrpc: '2.0', id: null, error: { code: -32700, message: 'parse error' } });
        return;
    }
    if (message.method === undefined) {
        const resolve = waiting.get(message.id);
        if (resolve) {
            waiting.delete(message.id);
            resolve(message);
        }
        return;
    }
    const { id, method, params } = message;
    switch (method) {
    case 'notifications/cancelled':
        cancelled.push(params.requestId);
        return;
    case 'echo':
        answer(id, params === undefined ? null : params);
        return;
    case 'sleep':
        setTimeout(() => answer(id, 'slept'), params.ms);
        return;
    case 'ask': {
        const askId = 'peer-' + nextId++;
        waiting.set(askId, (reply) => answer(id, { got: reply.result, error: reply.error }));
        send({ jsonrpc: '2.0', id: askId, method: params.method || 'client/question', params: { q: 42 } });
        return;
    }
    case 'garbage':
        process.stdout.write('this is not json\n');
        answer(id, 'after garbage');
        return;
    case 'die':
        process.stderr.write('fatal: the peer gave up\n', () => process.exit(3));
        return;
    case 'big':
        answer(id, 'x'.repeat(params.bytes));
        return;
    case 'notify':
        send({ jsonrpc: '2.0', method: 'peer/event', params: { n: 7 } });
        answer(id, 'notified');
        return;
    case 'cancelled':
        answer(id, cancelled);
        return;
    default:
        send({ jsonrpc: '2.0', id, error: { code: -32601, message: 'no such method: ' + method } });
    }
});
