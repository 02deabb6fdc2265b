/**
 * Turns the extension's `aslLsp.*` settings into the server's initialization options.
 *
 * Pure: the caller passes a getter over the `aslLsp` configuration section. Values are sanitised
 * here, because VS Code hands back whatever the user typed in settings.json and the server should
 * see only well-formed options (normalised selectors, known severities, a bounded debounce).
 */

export const SEVERITIES = ["error", "warning", "info", "hint", "off"] as const;
export type SeverityName = (typeof SEVERITIES)[number];

export interface LintOptions {
  select: string[];
  ignore: string[];
  severity: Record<string, SeverityName>;
}

/** The camelCase initialization options the server accepts. */
export interface InitializationOptions {
  lint: LintOptions;
  debounceMs?: number;
  /** `module:dict` of Python handlers for Lambda tasks in local runs. */
  run?: { functions: string };
  deploy?: { target: "aws" | "local"; endpointUrl?: string };
}

export type SettingGetter = (key: string) => unknown;

export const MAX_DEBOUNCE_MS = 5000;

/**
 * A rule selector as the server matches it: code prefixes (`asl2` -> `ASL2`) and `ALL` upper-case,
 * rule names (`Unreachable-State` -> `unreachable-state`) lower-case.
 */
export function normalizeSelector(raw: string): string {
  const selector = raw.trim();
  return /^(asl\d*|all)$/i.test(selector) ? selector.toUpperCase() : selector.toLowerCase();
}

function codeList(value: unknown): string[] {
  const items = typeof value === "string" ? value.split(/[\s,]+/) : Array.isArray(value) ? value : [];
  const codes: string[] = [];
  for (const item of items) {
    if (typeof item !== "string") {
      continue;
    }
    const code = normalizeSelector(item);
    if (code.length > 0 && !codes.includes(code)) {
      codes.push(code);
    }
  }
  return codes;
}

function severityMap(value: unknown): Record<string, SeverityName> {
  const result: Record<string, SeverityName> = {};
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    return result;
  }
  for (const [key, raw] of Object.entries(value as Record<string, unknown>)) {
    const code = normalizeSelector(key);
    const severity = typeof raw === "string" ? raw.trim().toLowerCase() : "";
    if (code.length > 0 && (SEVERITIES as readonly string[]).includes(severity)) {
      result[code] = severity as SeverityName;
    }
  }
  return result;
}

function text(value: unknown): string | undefined {
  return typeof value === "string" && value.trim() !== "" ? value.trim() : undefined;
}

function debounce(value: unknown): number | undefined {
  if (typeof value !== "number" || !Number.isFinite(value)) {
    return undefined;
  }
  return Math.min(MAX_DEBOUNCE_MS, Math.max(0, Math.round(value)));
}

/**
 * Reads `lint.select`, `lint.ignore`, `lint.severity`, `debounceMs`, `run.functions` and
 * `deploy.*` (keys relative to `aslLsp`).
 */
export function initializationOptions(get: SettingGetter): InitializationOptions {
  const options: InitializationOptions = {
    lint: {
      select: codeList(get("lint.select")),
      ignore: codeList(get("lint.ignore")),
      severity: severityMap(get("lint.severity")),
    },
  };
  const debounceMs = debounce(get("debounceMs"));
  if (debounceMs !== undefined) {
    options.debounceMs = debounceMs;
  }
  const functions = text(get("run.functions"));
  if (functions !== undefined) {
    options.run = { functions };
  }
  const target = get("deploy.target");
  if (target === "aws" || target === "local") {
    const endpointUrl = text(get("deploy.endpointUrl"));
    options.deploy = endpointUrl === undefined ? { target } : { target, endpointUrl };
  }
  return options;
}

/**
 * The answer to the server's `workspace/configuration` request for section `aslLsp`: the same
 * sanitised shape as the initialization options, so the server parses one format.
 */
export function serverConfiguration(get: SettingGetter): InitializationOptions {
  return initializationOptions(get);
}

/** True when a settings change means the server process must be restarted. */
export function needsRestart(affects: (section: string) => boolean): boolean {
  return affects("aslLsp.server");
}

export type GraphDirection = "TB" | "LR";

export function graphDirection(get: SettingGetter): GraphDirection {
  return get("graph.direction") === "LR" ? "LR" : "TB";
}
