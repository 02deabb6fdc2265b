/**
 * Validation and defaults for what the Run Locally and Deploy commands ask the user.
 *
 * Pure, so the rules are unit-tested; the input boxes call these as `validateInput`, which wants
 * `undefined` for a valid value and a message otherwise.
 */

export type ParsedInput = { ok: true; value: unknown } | { ok: false; message: string };

/** Parses execution input; an empty text means `{}` (what the console does for an empty input). */
export function parseJsonInput(text: string): ParsedInput {
  if (text.trim() === "") {
    return { ok: true, value: {} };
  }
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (err) {
    const detail = err instanceof Error ? err.message : String(err);
    return { ok: false, message: `Input is not valid JSON: ${detail}` };
  }
}

export function validateJsonInput(text: string): string | undefined {
  const parsed = parseJsonInput(text);
  return parsed.ok ? undefined : parsed.message;
}

/** Step Functions state machine names: 1-80 letters, digits, `-` or `_`. */
export function validateStateMachineName(name: string): string | undefined {
  if (name.length === 0) {
    return "A name is required.";
  }
  if (name.length > 80) {
    return "The name must be at most 80 characters.";
  }
  if (!/^[A-Za-z0-9_-]+$/.test(name)) {
    return "Use only letters, digits, '-' and '_'.";
  }
  return undefined;
}

export function validateRoleArn(arn: string): string | undefined {
  if (/^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@\/-]+$/.test(arn.trim())) {
    return undefined;
  }
  return "Expected an IAM role ARN like arn:aws:iam::123456789012:role/StepFunctionsRole.";
}

export function validateRegion(region: string): string | undefined {
  if (region.trim() === "" || /^[a-z]{2}(-[a-z]+)+-\d+$/.test(region.trim())) {
    return undefined;
  }
  return "Expected an AWS region like us-east-1 (or leave it empty for the default).";
}

/** A state machine name derived from a file path: `order-flow.asl.json` gives `order-flow`. */
export function defaultStateMachineName(filePath: string): string {
  const base = filePath.split(/[\\/]/).pop() ?? "";
  const stem = base.replace(/\.asl\.(json|ya?ml)$/i, "").replace(/\.(json|ya?ml)$/i, "");
  const cleaned = stem.replace(/[^A-Za-z0-9_-]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 80);
  return cleaned === "" ? "StateMachine" : cleaned;
}
