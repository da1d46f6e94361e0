import { loadConfig } from '../../config/load';
import type { Config } from '../../config/schema';
import { fail, pass, warn, type Finding } from '../findings';
import type { ApplicationInfo, FunctionInfo } from '../model';
import type { DoctorReader } from '../ports';
import { unreadFinding } from './reads';

/** The README's Sizing: func.yaml's memory and timeout. */
export const SIZING = { memoryInMBs: 128, timeoutInSeconds: 150 } as const;

export interface DeployedFunction {
  fn: FunctionInfo;
  application: ApplicationInfo | undefined;
  /** The configuration as the function reads it, when it passes the function's own schema. */
  config: Config | undefined;
}

function sizingFindings(fn: FunctionInfo): Finding[] {
  const memory =
    fn.memoryInMBs >= SIZING.memoryInMBs
      ? pass('function', 'memory', `${fn.memoryInMBs} MB (the README's sizing: ${SIZING.memoryInMBs} MB)`)
      : fail('function', 'memory', `${fn.memoryInMBs} MB, below the README's ${SIZING.memoryInMBs} MB`, `oci fn function update --function-id ${fn.id} --memory-in-mbs ${SIZING.memoryInMBs}`);
  const timeout =
    fn.timeoutInSeconds >= SIZING.timeoutInSeconds
      ? pass('function', 'timeout', `${fn.timeoutInSeconds} s (the README's sizing: ${SIZING.timeoutInSeconds} s)`)
      : warn(
          'function',
          'timeout',
          `${fn.timeoutInSeconds} s, below the README's ${SIZING.timeoutInSeconds} s: the largest objects (MAX_OBJECT_BYTES) will go as references rather than chunks`,
          `oci fn function update --function-id ${fn.id} --timeout-in-seconds ${SIZING.timeoutInSeconds}`,
        );
  return [memory, timeout];
}

/** The first word of a problem the function names ("OCI_STREAM_OCID: is required") is the setting. */
function configFix(application: ApplicationInfo, fn: FunctionInfo, problems: readonly string[]): string {
  const settings = [...new Set(problems.map((problem) => problem.split(':')[0]!.trim()))];
  return settings.map((setting) => `fn config function ${application.displayName} ${fn.displayName} ${setting} <value>`).join('\n');
}

function configFindings(application: ApplicationInfo, fn: FunctionInfo): { finding: Finding; config: Config | undefined } {
  // The function sees the application's configuration overlaid with its own.
  const loaded = loadConfig({ ...application.config, ...fn.config });
  if (loaded.ok) return { finding: pass('function', 'configuration', 'the application and function configuration passes the function\'s own schema'), config: loaded.config };
  return { finding: fail('function', 'configuration', loaded.error.message, configFix(application, fn, loaded.error.problems)), config: undefined };
}

/** Check 2: the function exists and is active, is sized as the README says, and its configuration is one the function accepts. */
export async function checkFunction(reader: DoctorReader, functionId: string): Promise<{ findings: Finding[]; deployed: DeployedFunction | undefined }> {
  const read = await reader.getFunction(functionId);
  if (!read.ok) {
    return {
      deployed: undefined,
      findings: [
        fail(
          'function',
          'function exists',
          `getFunction answered ${read.detail}: no such function, or you may not read it`,
          `Check the OCID (Developer Services → Functions → Applications → <application> → <function>), and that your group may read it: Allow group <your group> to read fn-function in compartment <compartment>`,
        ),
      ],
    };
  }
  const fn = read.value;
  const findings: Finding[] = [
    fn.lifecycleState === 'ACTIVE'
      ? pass('function', 'function is active', `${fn.displayName} is ACTIVE`)
      : fail('function', 'function is active', `${fn.displayName} is ${fn.lifecycleState}`, `Developer Services → Functions → Applications → <application> → ${fn.displayName}: see why it is ${fn.lifecycleState}; deploy it again with fn deploy`),
    ...sizingFindings(fn),
  ];
  const app = await reader.getApplication(fn.applicationId);
  if (!app.ok) {
    findings.push(unreadFinding('function', 'configuration', app, `read fn-app in the function's compartment`));
    return { findings, deployed: { fn, application: undefined, config: undefined } };
  }
  const { finding, config } = configFindings(app.value, fn);
  findings.push(finding);
  return { findings, deployed: { fn, application: app.value, config } };
}
