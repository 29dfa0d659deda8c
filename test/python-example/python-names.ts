/**
 * Checks what a CDK Python app uses (usage.py's chains) against jsii assemblies, with the names
 * jsii gives the Python bindings: classes, enums and structs keep their names; methods, properties,
 * parameters and struct fields are snake_case (codemaker's `toSnakeCase`, with a trailing `_` on
 * Python keywords); static constants are UPPER_CASE; a method's last struct parameter is lifted
 * into keyword arguments (jsii-pacmak, lib/targets/python.js: `toPythonMethodName`,
 * `toPythonPropertyName`, `toPythonParameterName`; lib/targets/python/util.js: `toPythonIdentifier`).
 */
import { execFileSync } from 'child_process';
import * as path from 'path';
import { toSnakeCase } from 'codemaker';
import {
  ClassType, Callable, EnumType, InterfaceType, Method, Parameter, Property, Type, TypeReference, TypeSystem,
} from 'jsii-reflect';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { toPythonIdentifier } = require('jsii-pacmak/lib/targets/python/util') as { toPythonIdentifier: (name: string) => string };

export type Step =
  | { readonly name: string }
  | { readonly attr: string }
  | { readonly call: { readonly positional: number; readonly keywords: string[]; readonly unpacked: boolean } };

export interface PythonUse {
  readonly line: number;
  readonly chain: Step[];
}

/** Reads an app with python3 and usage.py; the app is parsed, never run. */
export function pythonUses(appFile: string): PythonUse[] {
  const out = execFileSync('python3', [path.join(__dirname, 'usage.py'), appFile], { encoding: 'utf8' });
  return JSON.parse(out).uses;
}

export function pythonName(name: string): string {
  return toPythonIdentifier(toSnakeCase(name));
}

/** What a chain has reached so far. */
type Value =
  | { kind: 'module'; module: string }
  | { kind: 'type'; type: Type }
  | { kind: 'instance'; type: Type }
  | { kind: 'callable'; callable: Callable; owner: Type; label: string }
  | { kind: 'opaque'; label: string };

export class PythonNames {
  /** Loads the assemblies of these package directories (and their dependencies). */
  public static async load(packageDirs: string[]): Promise<PythonNames> {
    const system = new TypeSystem();
    for (const dir of packageDirs) {
      await system.load(dir, { validate: false, supportedFeatures: ['intersection-types', 'class-covariant-overrides'] });
    }
    return new PythonNames(system);
  }

  /** Python module name -> the types it holds directly, by Python class name. */
  private readonly modules = new Map<string, Map<string, Type>>();

  private constructor(system: TypeSystem) {
    for (const assembly of system.assemblies) {
      const root = assembly.targets?.python?.module;
      if (!root) {
        continue;
      }
      this.addModule(root, assembly.types);
      for (const submodule of assembly.allSubmodules) {
        const module = submodule.targets?.python?.module;
        if (module) {
          this.addModule(module, submodule.types);
        }
      }
    }
  }

  public hasModule(module: string): boolean {
    return this.modules.has(module);
  }

  /** The problems of one use: every name it cannot find, every argument the callee does not take. */
  public check(use: PythonUse): string[] {
    const problems: string[] = [];
    let value: Value | undefined;
    let text = '';
    for (const step of use.chain) {
      if ('name' in step) {
        text = step.name;
        value = this.root(step.name);
      } else if ('attr' in step) {
        text += `.${step.attr}`;
        value = value && this.attribute(value, step.attr);
      } else {
        text += '(...)';
        value = value && this.call(value, step.call, problems, `line ${use.line}: ${text}`);
      }
      if (!value) {
        problems.push(`line ${use.line}: ${text} is not in the assemblies`);
        break;
      }
    }
    return problems;
  }

  private addModule(module: string, types: readonly Type[]): void {
    const byName = this.modules.get(module) ?? new Map<string, Type>();
    for (const type of types) {
      byName.set(type.name, type);
    }
    this.modules.set(module, byName);
  }

  private root(name: string): Value | undefined {
    if (this.modules.has(name)) {
      return { kind: 'module', module: name };
    }
    const dot = name.lastIndexOf('.');
    if (dot > 0) {
      return this.attribute({ kind: 'module', module: name.slice(0, dot) }, name.slice(dot + 1));
    }
    return undefined;
  }

  private attribute(value: Value, attr: string): Value | undefined {
    switch (value.kind) {
      case 'module': {
        const submodule = `${value.module}.${attr}`;
        if (this.modules.has(submodule)) {
          return { kind: 'module', module: submodule };
        }
        const type = this.modules.get(value.module)?.get(attr);
        return type ? { kind: 'type', type } : undefined;
      }
      case 'type': {
        if (value.type instanceof EnumType) {
          return value.type.members.some((m) => m.name === attr) ? { kind: 'opaque', label: `${value.type.name}.${attr}` } : undefined;
        }
        return this.member(value.type, attr, true);
      }
      case 'instance':
        return this.member(value.type, attr, false);
      default:
        return undefined;
    }
  }

  /** A static (or instance) method or property of a class or interface, by its Python name. */
  private member(type: Type, attr: string, statics: boolean): Value | undefined {
    if (!(type instanceof ClassType || type instanceof InterfaceType)) {
      return undefined;
    }
    const properties: Property[] = Object.values(type.getProperties(true)).filter((p) => p.static === statics);
    const property = properties.find((p) => (p.const ? pythonName(p.name).toUpperCase() : pythonName(p.name)) === attr);
    if (property) {
      return this.valueOf(property.type, `${type.name}.${attr}`);
    }
    const methods: Method[] = Object.values(type.getMethods(true)).filter((m) => m.static === statics);
    const method = methods.find((m) => pythonName(m.name) === attr);
    return method ? { kind: 'callable', callable: method, owner: type, label: `${type.name}.${attr}` } : undefined;
  }

  private call(value: Value, call: Extract<Step, { call: unknown }>['call'], problems: string[], text: string): Value | undefined {
    if (value.kind === 'type' && value.type instanceof ClassType) {
      const initializer = value.type.initializer;
      if (!initializer) {
        problems.push(`${text}: ${value.type.name} has no public constructor`);
        return { kind: 'instance', type: value.type };
      }
      this.checkArguments(initializer.parameters, call, problems, text);
      return { kind: 'instance', type: value.type };
    }
    if (value.kind === 'type' && value.type instanceof InterfaceType && value.type.datatype) {
      // A struct is built from keyword arguments only, one per field.
      if (call.positional > 0) {
        problems.push(`${text}: ${value.type.name} takes keyword arguments only`);
      }
      this.checkKeywords(value.type.allProperties, call, [], problems, text);
      return { kind: 'instance', type: value.type };
    }
    if (value.kind === 'callable') {
      this.checkArguments(value.callable.parameters, call, problems, text);
      const returns = (value.callable as Method).returns;
      return returns?.type ? this.valueOf(returns.type, `${value.label}()`) : { kind: 'opaque', label: value.label };
    }
    return undefined;
  }

  /** Positional parameters, then the last one's fields as keywords when it is a struct. */
  private checkArguments(parameters: readonly Parameter[], call: Extract<Step, { call: unknown }>['call'], problems: string[], text: string): void {
    const last = parameters[parameters.length - 1];
    const lifted = last?.type.type instanceof InterfaceType && last.type.type.datatype ? last.type.type : undefined;
    const positional = lifted ? parameters.slice(0, -1) : parameters;
    const variadic = positional.some((p) => p.variadic);
    if (!variadic && !call.unpacked && call.positional > positional.length) {
      problems.push(`${text}: ${call.positional} positional arguments, at most ${positional.length}`);
    }
    const liftedNames = new Set(lifted ? lifted.allProperties.map((p) => pythonName(p.name)) : []);
    const positionalNames = positional.map((p) => {
      let name = pythonName(p.name);
      while (liftedNames.has(name)) {
        name += '_';
      }
      return name;
    });
    const required = positional.filter((p) => !p.optional && !p.variadic).length;
    const givenByKeyword = positionalNames.slice(call.positional).filter((n) => call.keywords.includes(n)).length;
    if (!call.unpacked && call.positional + givenByKeyword < required) {
      problems.push(`${text}: ${required} required arguments (${positionalNames.slice(0, required).join(', ')}), given ${call.positional + givenByKeyword}`);
    }
    this.checkKeywords(lifted ? lifted.allProperties : [], call, positionalNames, problems, text);
  }

  private checkKeywords(fields: readonly Property[], call: Extract<Step, { call: unknown }>['call'], parameterNames: string[], problems: string[], text: string): void {
    const names = new Map(fields.map((f) => [pythonName(f.name), f]));
    for (const keyword of call.keywords) {
      if (!names.has(keyword) && !parameterNames.includes(keyword)) {
        problems.push(`${text}: no keyword argument ${keyword} (takes ${[...parameterNames, ...names.keys()].join(', ') || 'none'})`);
      }
    }
    if (!call.unpacked) {
      for (const [name, field] of names) {
        if (!field.optional && !call.keywords.includes(name)) {
          problems.push(`${text}: the required keyword argument ${name} is missing`);
        }
      }
    }
  }

  private valueOf(ref: TypeReference, label: string): Value {
    const type = ref.type;
    return type && !ref.unionOfTypes ? { kind: 'instance', type } : { kind: 'opaque', label };
  }
}
