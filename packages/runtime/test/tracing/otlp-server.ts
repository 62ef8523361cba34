// A loopback OTLP/HTTP receiver written for the tests (no OpenTelemetry Collector from Debian or npm runs here): keeps the JSON posted to /v1/traces.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface OtlpSpan { readonly name: string; readonly traceId: string; readonly spanId: string; readonly parentSpanId?: string; readonly attributes?: readonly { key: string; value: Record<string, unknown> }[] }

export async function otlpCollector(): Promise<{ url: string; spans: () => OtlpSpan[]; paths: string[]; close: () => Promise<void> }> {
    const bodies: unknown[] = [];
    const paths: string[] = [];
    const server = createServer((request, response) => {
        let body = '';
        request.setEncoding('utf8');
        request.on('data', chunk => (body += chunk));
        request.on('end', () => {
            paths.push(`${request.method} ${request.url} ${request.headers['content-type']}`);
            bodies.push(JSON.parse(body));
            response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
        });
    });
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const spans = (): OtlpSpan[] => bodies.flatMap(body => (body as { resourceSpans: { scopeSpans: { spans: OtlpSpan[] }[] }[] }).resourceSpans
        .flatMap(resource => resource.scopeSpans.flatMap(scope => scope.spans)));
    return { url: `http://127.0.0.1:${port}`, spans, paths, close: () => new Promise(resolve => server.close(() => resolve())) };
}

export function attribute(span: OtlpSpan, key: string): unknown {
    const value = span.attributes?.find(entry => entry.key === key)?.value;
    return value && Object.values(value)[0];
}
