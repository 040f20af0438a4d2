/** HTTP methods the alerting API client uses. */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** One request; `url` is relative to Grafana's root (`api/...`), `body` is sent as JSON. */
export interface HttpRequest {
  method: HttpMethod;
  url: string;
  headers?: Record<string, string>;
  body?: unknown;
}

/** A response: status code and the JSON-decoded body (undefined when empty). */
export interface HttpResponse<T = unknown> {
  status: number;
  data: T;
}

/**
 * Sends a request to Grafana. Resolves for every HTTP status (the caller decides what is an
 * error); rejects only when no response arrived (network failure).
 */
export type Transport = (request: HttpRequest) => Promise<HttpResponse>;

/** An unexpected HTTP status from Grafana, with Grafana's message when it sent one. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly request: Pick<HttpRequest, 'method' | 'url'>,
    readonly body: unknown
  ) {
    super(`${request.method} ${request.url}: HTTP ${status}${messageOf(body) ? `: ${messageOf(body)}` : ''}`);
    this.name = 'ApiError';
  }
}

function messageOf(body: unknown): string | undefined {
  if (body && typeof body === 'object' && 'message' in body) {
    return String((body as { message: unknown }).message);
  }
  return typeof body === 'string' && body ? body : undefined;
}
