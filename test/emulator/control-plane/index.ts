import type { ObjectStore } from '../object-store';
import type { FunctionTarget } from '../types';
import { matchControlRoute, type ControlMatch } from './routes';
import type { Tenancy } from './tenancy';

export type { Tenancy } from './tenancy';

/** The read-only control-plane APIs the doctor calls, answered from the tenancy a test describes. */
export class ControlPlane {
  private tenancy: Tenancy | undefined;

  constructor(
    private readonly objects: ObjectStore,
    private readonly functionTarget: (functionId: string) => FunctionTarget | undefined,
    private readonly baseUrl: () => string,
  ) {}

  set(tenancy: Tenancy): void {
    this.tenancy = tenancy;
  }

  match(method: string, path: string, query: URLSearchParams): ControlMatch | undefined {
    if (!this.tenancy) return undefined;
    return matchControlRoute({ tenancy: this.tenancy, objects: this.objects, baseUrl: this.baseUrl(), functionTarget: this.functionTarget }, method, path, query);
  }
}

export type { ControlMatch };
