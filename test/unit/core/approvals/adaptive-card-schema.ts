/**
 * The Adaptive Card 1.5 JSON schema, restricted to the elements phigate's cards use.
 *
 * No npm package ships the official 1.5 schema (adaptivecards ships none; adaptivecards-designer
 * ships a 1.0-era draft), so this subset is written from the official 1.5 schema
 * (schemas/1.5.0/adaptive-card.json in microsoft/AdaptiveCards): for each element used, the same
 * property names, types, required properties, enum values (lower-case canonical spellings only)
 * and `additionalProperties: false`. It is stricter than the official schema in three ways:
 * only AdaptiveCard, TextBlock, RichTextBlock/TextRun, FactSet/Fact, Container and
 * Action.OpenUrl are accepted (any other element fails), enums accept only the canonical
 * spelling (the official one also accepts case variants), and Action.OpenUrl.url must be an
 * http(s) URL (officially any uri-reference). Draft-07, validated with ajv.
 */
const enumOf = (...values: string[]) => ({ enum: values });
const nullable = (schema: object) => ({ anyOf: [schema, { type: 'null' }] });

const Colors = enumOf('default', 'dark', 'light', 'accent', 'good', 'warning', 'attention');
const FontSize = enumOf('default', 'small', 'medium', 'large', 'extraLarge');
const FontWeight = enumOf('default', 'lighter', 'bolder');
const FontType = enumOf('default', 'monospace');
const Spacing = enumOf('default', 'none', 'small', 'medium', 'large', 'extraLarge', 'padding');
const ContainerStyle = enumOf('default', 'emphasis', 'good', 'attention', 'warning', 'accent');
const HorizontalAlignment = enumOf('left', 'center', 'right');
const VerticalContentAlignment = enumOf('top', 'center', 'bottom');
const BlockElementHeight = enumOf('auto', 'stretch');

/** Extendable.Element (minus `fallback`, which phigate does not use: rejected). */
const elementCommon = {
  height: { $ref: '#/definitions/BlockElementHeight' },
  separator: { type: 'boolean' },
  spacing: { $ref: '#/definitions/Spacing' },
  id: { type: 'string' },
  isVisible: { type: 'boolean' },
  requires: { type: 'object', additionalProperties: { type: 'string' } },
};

export const adaptiveCard15Schema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'urn:phigate:adaptive-card-1.5-subset',
  definitions: {
    Colors,
    FontSize,
    FontWeight,
    FontType,
    Spacing,
    ContainerStyle,
    HorizontalAlignment,
    VerticalContentAlignment,
    BlockElementHeight,
    TextBlockStyle: enumOf('default', 'heading'),
    ActionStyle: enumOf('default', 'positive', 'destructive'),
    ActionMode: enumOf('primary', 'secondary'),
    AdaptiveCard: {
      type: 'object',
      additionalProperties: false,
      required: ['type', 'version'],
      properties: {
        type: enumOf('AdaptiveCard'),
        version: { type: 'string', pattern: '^1\\.[0-5]$' },
        body: { type: 'array', items: { $ref: '#/definitions/Element' } },
        actions: { type: 'array', items: { $ref: '#/definitions/Action.OpenUrl' } },
        fallbackText: { type: 'string' },
        speak: { type: 'string' },
        lang: { type: 'string' },
        rtl: nullable({ type: 'boolean' }),
        minHeight: { type: 'string' },
        verticalContentAlignment: { $ref: '#/definitions/VerticalContentAlignment' },
        $schema: { type: 'string' },
      },
    },
    /** As the official ImplementationsOf.Element: any one of the element definitions (each requires `type`). */
    Element: {
      anyOf: ['TextBlock', 'RichTextBlock', 'FactSet', 'Container'].map((name) => ({
        $ref: `#/definitions/${name}`,
      })),
    },
    TextBlock: {
      type: 'object',
      additionalProperties: false,
      required: ['type', 'text'],
      properties: {
        type: enumOf('TextBlock'),
        text: { type: 'string' },
        color: nullable({ $ref: '#/definitions/Colors' }),
        fontType: nullable({ $ref: '#/definitions/FontType' }),
        horizontalAlignment: nullable({ $ref: '#/definitions/HorizontalAlignment' }),
        isSubtle: nullable({ type: 'boolean' }),
        maxLines: { type: 'number' },
        size: nullable({ $ref: '#/definitions/FontSize' }),
        weight: nullable({ $ref: '#/definitions/FontWeight' }),
        wrap: { type: 'boolean' },
        style: nullable({ $ref: '#/definitions/TextBlockStyle' }),
        ...elementCommon,
      },
    },
    RichTextBlock: {
      type: 'object',
      additionalProperties: false,
      required: ['type', 'inlines'],
      properties: {
        type: enumOf('RichTextBlock'),
        inlines: { type: 'array', items: { $ref: '#/definitions/TextRun' } },
        horizontalAlignment: nullable({ $ref: '#/definitions/HorizontalAlignment' }),
        ...elementCommon,
      },
    },
    TextRun: {
      anyOf: [
        { type: 'string' },
        {
          type: 'object',
          additionalProperties: false,
          required: ['text'],
          properties: {
            type: enumOf('TextRun'),
            text: { type: 'string' },
            color: nullable({ $ref: '#/definitions/Colors' }),
            fontType: nullable({ $ref: '#/definitions/FontType' }),
            highlight: { type: 'boolean' },
            isSubtle: nullable({ type: 'boolean' }),
            italic: { type: 'boolean' },
            size: nullable({ $ref: '#/definitions/FontSize' }),
            strikethrough: { type: 'boolean' },
            underline: { type: 'boolean' },
            weight: nullable({ $ref: '#/definitions/FontWeight' }),
          },
        },
      ],
    },
    FactSet: {
      type: 'object',
      additionalProperties: false,
      required: ['type', 'facts'],
      properties: {
        type: enumOf('FactSet'),
        facts: { type: 'array', items: { $ref: '#/definitions/Fact' } },
        ...elementCommon,
      },
    },
    Fact: {
      type: 'object',
      additionalProperties: false,
      required: ['title', 'value'],
      properties: { type: enumOf('Fact'), title: { type: 'string' }, value: { type: 'string' } },
    },
    Container: {
      type: 'object',
      additionalProperties: false,
      required: ['type', 'items'],
      properties: {
        type: enumOf('Container'),
        items: { type: 'array', items: { $ref: '#/definitions/Element' } },
        style: nullable({ $ref: '#/definitions/ContainerStyle' }),
        verticalContentAlignment: nullable({ $ref: '#/definitions/VerticalContentAlignment' }),
        bleed: { type: 'boolean' },
        minHeight: { type: 'string' },
        ...elementCommon,
      },
    },
    'Action.OpenUrl': {
      type: 'object',
      additionalProperties: false,
      required: ['type', 'url'],
      properties: {
        type: enumOf('Action.OpenUrl'),
        url: { type: 'string', pattern: '^https?://' },
        title: { type: 'string' },
        iconUrl: { type: 'string' },
        id: { type: 'string' },
        style: { $ref: '#/definitions/ActionStyle' },
        tooltip: { type: 'string' },
        isEnabled: { type: 'boolean' },
        mode: { $ref: '#/definitions/ActionMode' },
        requires: { type: 'object', additionalProperties: { type: 'string' } },
      },
    },
  },
  $ref: '#/definitions/AdaptiveCard',
} as const;

/** The Teams Workflows webhook message envelope around one Adaptive Card. */
export const teamsMessageSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  type: 'object',
  additionalProperties: false,
  required: ['type', 'attachments'],
  properties: {
    type: { const: 'message' },
    attachments: {
      type: 'array',
      minItems: 1,
      maxItems: 1,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['contentType', 'content'],
        properties: {
          contentType: { const: 'application/vnd.microsoft.card.adaptive' },
          contentUrl: { type: 'null' },
          content: { type: 'object' },
        },
      },
    },
  },
} as const;
