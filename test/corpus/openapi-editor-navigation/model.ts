// The OpenAPI editor machine of Apicurio's apicurio-editors, as of 2024-12-06 ("Machine
// refactoring"): a parallel root with a `view` region (one designer or code view per kind of
// node, each invoking a child machine, chosen by an `always` chain on the current node) and an
// `editor` region (parse, load, undo/redo, saving with `after: 300`). Selecting a node runs the
// parameterised action `addToHistory` (enqueueActions: assign, then raise CHANGE_VIEW to the view
// region); BACK/FORWARD move in that browser-like history (guarded; enqueueActions with raise);
// undo/redo's onDone raise DOCUMENT_CHANGED. Exercises raise(), enqueueActions with enqueue.raise
// and enqueue of parameterised actions, `{ type, params }` actions with static and computed
// params, `always` chains, invoked promise and machine actors, `after`, and a context built from
// input.
//
// Model choices: the input is a spec string; the SELECT_* events, and UNDO/REDO (whose onDone
// may add the restored node to the history), are offered only while the navigation history holds
// fewer than LIMIT entries (it grows by one per selection).
import { defineModel } from 'lucheck';
import { OpenApiEditorMachine } from './machine.ts';

const LIMIT = 3;
const PATH = { path: '/pets', nodePath: '/paths/~1pets' };
const DATA_TYPE = { name: 'Pet', nodePath: '/components/schemas/Pet' };
const RESPONSE = { name: 'NotFound', nodePath: '/components/responses/NotFound' };
const SELECT = [
  { type: 'SELECT_DOCUMENT_ROOT_DESIGNER' },
  { type: 'SELECT_PATHS_DESIGNER' },
  { type: 'SELECT_PATH_DESIGNER', ...PATH },
  { type: 'SELECT_DATA_TYPE_DESIGNER', ...DATA_TYPE },
  { type: 'SELECT_RESPONSE_CODE', ...RESPONSE },
  { type: 'SELECT_VALIDATION' },
];
const UNDO_REDO = [{ type: 'UNDO' }, { type: 'REDO' }];
const OTHER = [
  { type: 'BACK' },
  { type: 'FORWARD' },
  { type: 'GO_TO_DESIGNER_VIEW' },
  { type: 'GO_TO_CODE_VIEW' },
  { type: 'START_SAVING' },
  { type: 'END_SAVING' },
];
// the view state that shows each kind of node
const VIEW_OF: Record<string, string> = { root: 'overview', paths: 'paths', responses: 'responses', datatypes: 'dataTypes', path: 'path', response: 'response', datatype: 'dataType' };
const editorModel = { documentTitle: 'Petstore', canUndo: true, canRedo: false, navigation: { paths: [], responses: [], dataTypes: [] } };

export default defineModel({
  name: 'openapi-editor-navigation',
  description: 'Apicurio apicurio-editors OpenApiEditorMachine (2024-12-06): navigation history, raise, enqueueActions',
  machine: () => OpenApiEditorMachine,
  input: () => ({ spec: 'openapi: 3.0.0' }),
  events: (s) => [...(s.context.history.length < LIMIT ? [...SELECT, ...UNDO_REDO] : []), ...OTHER],
  // undo/redo return the node to show, or false when there is nothing to undo; the child
  // designers run until the view changes.
  environment: {
    actors: {
      parseOpenApi: { done: [undefined] },
      getEditorState: { done: [editorModel], error: false },
      undoChange: { done: [false, { type: 'root' }], error: false },
      redoChange: { done: [false], error: false },
      overviewDesigner: false,
      pathDesigner: false,
      dataTypeDesigner: false,
      responseDesigner: false,
      pathsDesigner: false,
      codeEditor: false,
    },
  },
  invariants: [
    {
      // addToHistory puts the position at the new last entry; BACK and FORWARD are guarded to
      // stay within the list. A missing guard would move the position off the list.
      id: 'POSITION_IN_HISTORY',
      title: 'the history position points into the history',
      description: 'history empty and position 0, or 0 <= historyPosition < history.length',
      check: (s) => {
        const { history, historyPosition: p } = s.context;
        return (history.length === 0 ? p === 0 : p >= 0 && p < history.length) || `position ${p} of ${history.length}`;
      },
    },
    {
      // every action that moves the position also sets currentNode to the entry there.
      id: 'CURRENT_IS_AT_POSITION',
      title: 'the current node is the history entry at the position',
      description: 'history non-empty implies currentNode equals history[historyPosition]',
      check: (s) => {
        const { history, historyPosition: p, currentNode } = s.context;
        return history.length === 0 || JSON.stringify(history[p]) === JSON.stringify(currentNode) || `current ${JSON.stringify(currentNode)} vs ${JSON.stringify(history[p])}`;
      },
    },
    {
      // each change of currentNode raises CHANGE_VIEW, and viewChanged's `always` chain picks the
      // view of the node, in the same macrostep; the path/dataType/response views' invokes throw
      // on any other node.
      id: 'VIEW_SHOWS_CURRENT_NODE',
      title: 'a designer view shows the current node',
      description: 'a designer view of the view region is the one of currentNode.type',
      check: (s) => {
        const shown = Object.values(VIEW_OF).filter((v) => s.matches({ view: v }));
        if (shown.length === 0) return true;
        return shown[0] === VIEW_OF[s.context.currentNode.type] || `view ${shown[0]} for a ${s.context.currentNode.type} node`;
      },
    },
  ],
});
