// The OpenAPI editor machine of Apicurio's apicurio-editors, as of 2024-11-12: a parallel root with
// two regions. `selectedNode` shows one node of the document (root, a path, a data type, a
// response, or the validation list), each in a designer or a code view that loads through invoked
// promise actors; it has a deep history state `hist`. `editor` debounces the navigation filter
// (`after: 200`), loads the navigation, and runs undo/redo, whose onDone targets both its own
// `filtering` state and `#openApiEditor.selectedNode.hist` (a multi-target transition into the
// other region, restoring the deep history). The editor region's SELECT_* transitions target the
// other region by `#id`.
//
// Payloads: one path, one data type and one response; the filter is '' or 'pet'.
//
// A real race in this version: GO_TO_CODE_VIEW (or GO_TO_DESIGNER_VIEW) while a path, data type
// or response view is still loading enters the other view's `loading`, whose invoke input throws
// "Unexpected event" (the event is not a SELECT_* and context.node still holds the previously
// loaded node). The same happens when UNDO/REDO completes while such a view is loading: the deep
// history re-enters that `loading` state with the undo's done event. lucheck reports it as a
// model error. It also happens after a failed load (the view's `error` state keeps the old
// node), and when UNDO/REDO completes during a title update (the deep history re-enters
// `updatingDocumentTitle`, whose invoke input wants a CHANGE_TITLE event: "Unknown event").
// With `--set waitForLoad=true` the user waits: while the shown view is not idle (loading,
// failed, updating) or an undo/redo runs, the model offers only FILTER; that explores the rest.
import { defineModel } from 'lucheck';
import { OpenApiEditorMachine } from './machine.ts';

const PATH = { path: '/pets', nodePath: '/paths/~1pets' };
const DATA_TYPE = { name: 'Pet', nodePath: '/components/schemas/Pet' };
const RESPONSE = { name: 'NotFound', nodePath: '/components/responses/NotFound' };
const EVENTS = [
  { type: 'FILTER', filter: '' },
  { type: 'FILTER', filter: 'pet' },
  { type: 'SELECT_DOCUMENT_ROOT_DESIGNER' },
  { type: 'SELECT_PATH_DESIGNER', ...PATH },
  { type: 'SELECT_DATA_TYPE_DESIGNER', ...DATA_TYPE },
  { type: 'SELECT_RESPONSE_DESIGNER', ...RESPONSE },
  { type: 'SELECT_DOCUMENT_ROOT_CODE' },
  { type: 'SELECT_PATH_CODE', ...PATH },
  { type: 'SELECT_DATA_TYPE_CODE', ...DATA_TYPE },
  { type: 'SELECT_RESPONSE_CODE', ...RESPONSE },
  { type: 'SELECT_VALIDATION' },
  { type: 'CHANGE_TITLE', title: 'Petstore' },
  { type: 'UNDO' },
  { type: 'REDO' },
  { type: 'GO_TO_DESIGNER_VIEW' },
  { type: 'GO_TO_CODE_VIEW' },
];
const NODES = ['documentRoot', 'path', 'dataType', 'response', 'validation'];
const root = { title: 'Petstore', version: '1.0', description: '', contactName: '', contactEmail: '', contactUrl: '', licenseName: '', licenseUrl: '', tags: [], servers: [], securityScheme: [], securityRequirements: [] };
const navigation = { paths: [{ type: 'path', ...PATH }], dataTypes: [{ type: 'datatype', ...DATA_TYPE }], responses: [{ type: 'response', ...RESPONSE }] };
const model = { node: { type: 'root', node: root }, navigation, canUndo: true, canRedo: false, validationProblems: [] };
// what the loaders of each node view return: the editor model with that node selected
const loaded = (node: object, view: string) => ({ done: [{ ...model, node, ...(view === 'code' ? { source: { openapi: '3.0.0' } } : {}) }] });
const PER_NODE = {
  path: { type: 'path', ...PATH, node: {} },
  dataType: { type: 'datatype', ...DATA_TYPE, node: {} },
  response: { type: 'response', ...RESPONSE, node: {} },
};
const nodeLoaders = Object.fromEntries(
  Object.entries(PER_NODE).flatMap(([n, node]) =>
    ['designer', 'code'].map((view) => [`0.openApiEditor.selectedNode.${n}.${view}.loading`, loaded(node, view)]),
  ),
);

export default defineModel({
  name: 'openapi-editor-history',
  description: 'Apicurio apicurio-editors OpenApiEditorMachine (2024-11-12): parallel regions, deep history',
  params: {
    waitForLoad: { default: false, description: 'a waiting user: only FILTER while the shown view is not idle or an undo/redo runs' },
  },
  machine: () => OpenApiEditorMachine,
  events: (s, p) => {
    if (!p.waitForLoad) return EVENTS;
    const idle = s.matches({ selectedNode: 'validation' }) || NODES.some((n) => ['designer', 'code'].some((v) => s.matches({ selectedNode: { [n]: { [v]: 'idle' } } })));
    const busy = !idle || s.matches({ editor: 'undoing' }) || s.matches({ editor: 'redoing' });
    return busy ? EVENTS.filter((e) => e.type === 'FILTER') : EVENTS;
  },
  // The loaders return an editor model with the loaded node (declared per invoke, by the ids
  // xstate generates, since the output depends on the view) or the navigation; the
  // update, undo and redo actors return nothing. Only the loading states have an onError: the
  // refresh that documentRoot.designer.idle invokes has none, so its failure would stop the
  // machine (lucheck reports UNHANDLED-ACTOR-ERROR when that invoke, declared here by its
  // generated id, is allowed to fail); the model declares it as never failing.
  environment: {
    actors: {
      '0.openApiEditor.selectedNode.documentRoot.designer.idle': { done: [model], error: false },
      ...nodeLoaders,
      getNodeSnapshot: { done: [model] },
      getNodeSource: { done: [{ ...model, source: { openapi: '3.0.0' } }] },
      getDocumentNavigation: { done: [navigation], error: false },
      updateDocumentTitle: { error: false },
      updateDocumentVersion: { error: false },
      updateDocumentDescription: { error: false },
      updateDocumentContactName: { error: false },
      updateDocumentContactEmail: { error: false },
      updateDocumentContactUrl: { error: false },
      undoChange: { error: false },
      redoChange: { error: false },
    },
  },
  invariants: [
    {
      // selectedNode is a compound state: whatever enters it (an #id target, the deep history
      // restored by undo/redo together with the editor region's own target), exactly one node
      // view is active.
      id: 'ONE_NODE_SHOWN',
      title: 'exactly one node is shown',
      description: 'exactly one of documentRoot, path, dataType, response, validation is active in selectedNode',
      check: (s) => {
        const active = NODES.filter((n) => s.matches({ selectedNode: n }));
        return active.length === 1 || `active node views: ${active.join(', ') || 'none'}`;
      },
    },
    {
      // FILTER assigns the filter from its payload, and nothing else writes it.
      id: 'FILTER_FROM_INPUT',
      title: 'the navigation filter is one the user typed',
      description: "navigationFilter is '' or 'pet'",
      check: (s) => ['', 'pet'].includes(s.context.navigationFilter) || `filter ${JSON.stringify(s.context.navigationFilter)}`,
    },
  ],
});
