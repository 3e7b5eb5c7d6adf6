/**
 * Shared by the edit dialogs of the energy nodes (load balancer, PV surplus, power splitter): turns
 * a node's pure problems(values) function into the editor's validate function per property, with the
 * message from the node's catalogue (<type>.validation.<problem>). While the node's dialog is open,
 * its rules read the dialog's fields, so a rule across fields sees what the user has typed; otherwise
 * the node's saved values. Node-RED serves this file at
 * resources/@lektrico-em/node-red-lektrico-em/dialog-rules.js; the dialogs load it before their script.
 */
(function (global) {
  'use strict';

  global.LektricoEmDialogRules = function (type, problems) {
    var editing; // the node whose dialog is open

    function valuesOf(node) {
      var values = {};
      Object.keys(node._def.defaults).forEach(function (prop) {
        var input = node === editing ? $('#node-input-' + prop) : [];
        values[prop] = input.length === 0 ? node[prop] : input.is(':checkbox') ? input.prop('checked') : input.val();
      });
      return values;
    }

    return {
      /**
       * The validate function of one property. It declares (value, opt): Node-RED's editor takes a
       * returned string as "invalid, with this reason" only from a validator of two parameters, and
       * counts any other truthy answer (a message too) as valid (validateNodeProperty in red.js).
       */
      rule: function (prop) {
        return function (value, opt) {
          var values = valuesOf(this);
          values[prop] = value;
          var problem = problems(values)[prop];
          var key = type + '.validation.' + problem;
          return problem ? (this._ ? this._(key) : key) : true;
        };
      },
      /** From oneditprepare: the rules read this node's dialog from now on. */
      open: function (node) {
        editing = node;
      },
      /** From oneditsave / oneditcancel. */
      close: function () {
        editing = undefined;
      },
    };
  };
})(this);
