import { SapienError } from '@sapien/kernel';

/** A programming error, thrown while routes are registered: the API does not start with it. */
export class RouteWithoutAuthorizationError extends SapienError {
  override readonly name = 'RouteWithoutAuthorizationError';

  constructor(method: string | readonly string[], url: string, problem: string) {
    const methods = typeof method === 'string' ? method : method.join(',');
    super('route-without-authorization', `${methods} ${url} ${problem}: every /v1 route is decided by voters`, 500, { url });
  }
}
