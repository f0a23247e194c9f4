/*
 * Validators and unit lists shared by the editor forms of @smart-water/node-red-water.
 * Node-RED serves this folder at resources/@smart-water/node-red-water/ and loads the
 * file before the script of each form that names it, so every form can use
 * window.SmartWaterEditor. The checks mirror the runtime's (nodes/lib), so the editor
 * marks what a deploy would refuse.
 */
(function () {
    "use strict";

    function isNumber(v) { return v !== "" && v !== null && v !== undefined && isFinite(Number(v)); }

    /** A number within [min, max]; `above` excludes min; `whole` asks for an integer. */
    function numberIn(min, max, above, whole) {
        return function (v) {
            if (!isNumber(v)) { return false; }
            var n = Number(v);
            if (n > max || (above ? n <= min : n < min)) { return false; }
            return !whole || Math.floor(n) === n;
        };
    }

    window.SmartWaterEditor = {
        VOLUME_UNITS: ["L", "m3", "gal"],
        RATE_UNITS: ["L/min", "L/s", "L/h", "m3/h", "gpm"],
        LEVEL_UNITS: ["%", "m", "cm", "mm", "L", "m3", "gal"],
        UNIT_LABELS: { m3: "m³", gal: "US gal", "m3/h": "m³/h" },

        /** A node's label style: italic once the user has named it, as the core nodes show theirs. */
        italicWhenNamed: function () { return this.name ? "node_label_italic" : ""; },
        /** A type's palette label: its name in its catalog (`<type>.label.default`); the editor calls it on the type's definition. */
        catalogName: function () { return this._(this.type + ".label.default"); },

        isNumber: isNumber,
        numberIn: numberIn,
        atLeast: function (min) { return numberIn(min, Infinity); },
        above: function (min) { return numberIn(min, Infinity, true); },
        wholeBetween: function (min, max) { return numberIn(min, max, false, true); },
        isFlag: function (v) { return v === true || v === false; },
        isText: function (v) { return typeof v === "string"; },
        oneOf: function (list) { return function (v) { return list.indexOf(v) !== -1; }; },
        /** `check`, or left blank (a blank the runtime reads as "not set"). */
        optional: function (check) { return function (v) { return v === "" || v === undefined || check.call(this, v); }; },
        /** A local time of day, "HH:MM". */
        isClock: function (v) { return /^([01]?\d|2[0-3]):([0-5]\d)$/.test(String(v).trim()); },
        /** An IANA time zone the browser knows, or blank for the server's. */
        isTimeZone: function (v) {
            if (v === "") { return true; }
            try {
                new Intl.DateTimeFormat("en-US", { timeZone: v });
                return true;
            } catch {
                return false;
            }
        }
    };
})();
