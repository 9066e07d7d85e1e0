import { InterceptorError, OutputValidationError } from "@aumai/connectorguard";

/** The part of a step result the condition reads. */
interface StepLike {
  readonly content: readonly { readonly type: string; readonly error?: unknown }[];
}

/**
 * A `stopWhen` condition that ends the tool loop after a step in which the guard denied a call
 * or withheld its result (with the default `onDenied`, these are tool errors carrying
 * `InterceptorError` or `OutputValidationError`). Use it when a refusal should end the run
 * rather than be handed to the model to work around.
 *
 * @example
 * await generateText({ model, tools, prompt, stopWhen: [stepCountIs(10), hasDeniedToolCall()] });
 */
export function hasDeniedToolCall(): (options: { steps: readonly StepLike[] }) => boolean {
  return ({ steps }) => {
    const lastStep = steps.at(-1);
    return (
      lastStep?.content.some(
        (part) =>
          part.type === "tool-error" &&
          (InterceptorError.isInstance(part.error) || OutputValidationError.isInstance(part.error)),
      ) ?? false
    );
  };
}
