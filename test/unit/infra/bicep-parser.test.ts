// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these strings are Bicep source, where ${} is interpolation
import { describe, expect, it } from 'vitest';
import { BicepSyntaxError, lexBicep, walkTokens } from './lib/bicep-lexer.js';
import { memberChains, outlineBicep } from './lib/bicep-outline.js';

const SAMPLE = `targetScope = 'subscription'

@minLength(1)
@description('multi
line is not allowed in single quotes')
param broken string
`;

describe('Bicep lexer', () => {
  it('lexes interpolation holes, escapes and multi-line strings', () => {
    const tokens = lexBicep(
      "var a = '${abbrs.keyVaultVaults}${token}-x\\'y'\nvar b = '''\nraw ${not.a.hole}\n'''\n",
      't.bicep',
    );
    const a = tokens.find((t) => t.kind === 'string')!;
    expect(a.text).toBe("${}${}-x'y");
    expect(a.value).toBeUndefined();
    expect(a.holes?.map((h) => h.map((t) => t.text).join(''))).toEqual(['abbrs.keyVaultVaults', 'token']);
    const b = tokens.filter((t) => t.kind === 'string')[1]!;
    expect(b.value).toBe('\nraw ${not.a.hole}\n');
    const deep = [...walkTokens(tokens)].map((t) => t.text);
    expect(deep).toContain('keyVaultVaults');
  });

  it('lexes nested strings inside holes', () => {
    const tokens = lexBicep("var x = '${replace(name, '-', '')}z'", 't.bicep');
    const s = tokens.find((t) => t.kind === 'string')!;
    expect(s.holes?.[0]?.map((t) => t.value ?? t.text)).toEqual([
      'replace',
      '(',
      'name',
      ',',
      '-',
      ',',
      '',
      ')',
    ]);
  });

  it.each([
    ["var x = 'abc\n", 't.bicep:1:9: unterminated string'],
    ["var x = '${a.b\n", 'unterminated string interpolation'],
    ["var x = '''abc", 't.bicep:1:9: unterminated multi-line string'],
    ['/* open comment', 't.bicep:1:1: unterminated block comment'],
    ["var x = 'a\\qb'", 'invalid escape \\q'],
    ['var x = 1 # 2', 'unexpected character "#"'],
    ["var x = '${}'", 'empty string interpolation'],
  ])('rejects malformed input %j with its position', (src, message) => {
    expect(() => lexBicep(src, 't.bicep')).toThrow(BicepSyntaxError);
    expect(() => lexBicep(src, 't.bicep')).toThrow(message);
  });

  it('fails on a string broken across lines, as Bicep does', () => {
    expect(() => lexBicep(SAMPLE, 'sample.bicep')).toThrow('sample.bicep:4:14: unterminated string');
  });
});

describe('Bicep outline', () => {
  const src = `targetScope = 'subscription'
import { roleAssignment } from 'core/types.bicep'

@minLength(1)
@description('the name')
param name string
param count int = 3
param maybe string?
@export()
type pair = { a: string }

var abbrs = loadJsonContent('abbreviations.json')

module one 'core/one.bicep' = {
  name: 'one'
  params: {
    name: name
    list: [
      { principalId: two.outputs.principalId }
    ]
    'quoted-key': cond
      ? 'a'
      : 'b'
  }
}

module two 'core/two.bicep' = if (count > 1) {
  name: 'two'
  params: { name: '\${abbrs.keyVaultVaults}x', size: count }
}

module many 'core/many.bicep' = [
  for i in range(0, count): {
    name: 'many-\${i}'
    params: { index: i }
  }
]

resource vnet 'Microsoft.Network/virtualNetworks@2023-11-01' = {
  name: name
  resource sub 'subnets' existing = {
    name: 'a'
  }
}

output id string = vnet.id
`;

  const o = outlineBicep(src, 'main.bicep');

  it('reads params with decorators from the lines above, defaults and nullability', () => {
    expect(o.targetScope).toBe('subscription');
    expect(o.params).toEqual([
      expect.objectContaining({
        name: 'name',
        type: 'string',
        hasDefault: false,
        decorators: ['minLength', 'description'],
      }),
      expect.objectContaining({ name: 'count', type: 'int', hasDefault: true, decorators: [] }),
      expect.objectContaining({ name: 'maybe', type: 'string ?', hasDefault: false, nullable: true }),
    ]);
    expect(o.exportedTypes).toEqual(['pair']);
    expect(o.imports).toEqual([{ names: ['roleAssignment'], path: 'core/types.bicep' }]);
    expect(o.loads).toEqual([expect.objectContaining({ fn: 'loadJsonContent', path: 'abbreviations.json' })]);
  });

  it('reads module params of plain, conditional and looped modules', () => {
    const byName = Object.fromEntries(o.modules.map((m) => [m.symbol, m]));
    expect(byName.one?.params.map((p) => p.key)).toEqual(['name', 'list', 'quoted-key']);
    expect(byName.two?.params.map((p) => p.key)).toEqual(['name', 'size']);
    expect(byName.many?.params.map((p) => p.key)).toEqual(['index']);
    expect(byName.one?.path).toBe('core/one.bicep');
  });

  it('finds nested resources and member chains inside interpolations', () => {
    expect(o.resources.map((r) => [r.symbol, r.type, r.existing])).toEqual([
      ['vnet', 'Microsoft.Network/virtualNetworks@2023-11-01', false],
      ['sub', 'subnets', true],
    ]);
    expect(memberChains(o.tokens, 'abbrs').map((c) => c.path)).toEqual([['keyVaultVaults']]);
    expect(memberChains(o.tokens, 'two').map((c) => c.path)).toEqual([['outputs', 'principalId']]);
  });

  it('rejects a statement that starts with no known keyword', () => {
    expect(() => outlineBicep('parm x string\n', 'bad.bicep')).toThrow(
      'bad.bicep:1: unexpected statement start "parm"',
    );
  });
});
