import '../node20-support.ts';

export type { InvokeFunction, InvokeFunctionRequest } from './execution-model.ts';
export {
  type StepFunctionsService,
  type StepFunctionsServiceOptions,
  startStepFunctionsService,
} from './server.ts';
export type { StateMachineSource } from './service.ts';
export { LOCAL_ACCOUNT_ID } from './service.ts';
