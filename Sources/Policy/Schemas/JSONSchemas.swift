/// The JSON Schemas (draft 2020-12) of policyctl's file formats, as printed by
/// `policyctl schema <name>`. `schemas/<name>.schema.json` holds the same bytes, for editors
/// (a test checks that they never drift apart): edit the text here, then regenerate the
/// file with `swift run policyctl schema <name> > schemas/<name>.schema.json`.
public enum JSONSchemas {
    /// The JSON Schema of policy files (docs/language.md).
    public static let policy = #"""
    {
      "$schema": "https://json-schema.org/draft/2020-12/schema",
      "title": "policyctl policy",
      "description": "A policy: for one electricity supply bureau, which actions its dunning and outage rules require for an account (docs/language.md). The loader is strict: unknown keys are errors, a boolean is only `true` or `false`, anchors and aliases are not allowed.",
      "type": "object",
      "additionalProperties": false,
      "required": ["policy"],
      "properties": {
        "policy": {
          "description": "The policy's id (lower case letters, digits, `-`, `_`). A file `<id>.yaml` in a policy directory is what `--policy DIR` picks for snapshots whose `bureau` is `<id>`.",
          "$ref": "#/$defs/id"
        },
        "name": {
          "description": "A name for people, shown in the decision's `policy` block.",
          "type": "string"
        },
        "version": {
          "description": "The policy's version, shown in the decision; quote it (`\"2026.1\"`).",
          "type": "string"
        },
        "description": {
          "description": "What the policy is, for people.",
          "type": "string"
        },
        "extends": {
          "description": "The id of a base policy in the same directory, whose params, facts, tiers, protections, windows, statutory minimums and rules are inherited; an entry with the same id (name, for params and facts) replaces the inherited one in place. `timezone` and `calendar` are inherited unless set.",
          "$ref": "#/$defs/id"
        },
        "abstract": {
          "description": "`true` for a base that is not complete by itself (such as `baseline`): `check` does not warn about its unused facts or params, and `eval` refuses to use it directly.",
          "type": "boolean",
          "default": false
        },
        "timezone": {
          "description": "The IANA zone (`Asia/Shanghai`), `UTC` or a fixed offset `+HH:MM` in which `today`, dates and times of day are read. Required (directly or through `extends`) for a policy that is not abstract.",
          "type": "string",
          "pattern": "^(UTC|[+-]?([01][0-9]|2[0-3]):[0-5][0-9]|[A-Za-z][A-Za-z0-9_+-]*(/[A-Za-z0-9_+-]+)*)$",
          "examples": ["Asia/Shanghai", "Asia/Urumqi", "UTC"]
        },
        "calendar": {
          "description": "The id of a calendar file `calendars/<id>.yaml` beside the policy (or in its parent's `calendars/`): holidays and make-up working days. Without one, Monday to Friday are the working days.",
          "$ref": "#/$defs/id"
        },
        "on_error": {
          "description": "What happens when a rule cannot be evaluated: `escalate` (default) adds one `escalate` action naming the failed rules; `report` only lists the errors. Either way the failed rule emits nothing.",
          "enum": ["escalate", "report"],
          "default": "escalate"
        },
        "params": {
          "description": "Named constants, read in expressions as `params.<name>`, typed by how they are written.",
          "type": "object",
          "propertyNames": {
            "pattern": "^[^\\s.]+$"
          },
          "additionalProperties": {
            "$ref": "#/$defs/paramValue"
          }
        },
        "statutory": {
          "description": "Floors and ceilings, by parameter name, that a law or a promise sets.",
          "type": "object",
          "additionalProperties": {
            "$ref": "#/$defs/statutory"
          }
        },
        "facts": {
          "description": "Named CEL values computed once per snapshot (names: lower case letters, digits, `_`).",
          "type": "object",
          "propertyNames": {
            "pattern": "^[a-z][a-z0-9_]*$"
          },
          "additionalProperties": {
            "$ref": "#/$defs/fact"
          }
        },
        "tiers": {
          "description": "Customer tiers, in order; the first whose `when` holds is the account's tier.",
          "type": "array",
          "items": {
            "$ref": "#/$defs/tier"
          }
        },
        "protections": {
          "description": "Account-level holds that block actions.",
          "type": "array",
          "items": {
            "$ref": "#/$defs/protection"
          }
        },
        "vocabularies": {
          "description": "The values snapshot fields may hold, by field path (`customer.category`, `notices[].kind`); a value outside them, or of another type, gives a decision warning and blocks suspension (escalated to a person). A bureau's entry replaces its base's entry for the same path.",
          "type": "object",
          "propertyNames": {
            "pattern": "^[A-Za-z_][A-Za-z0-9_]*(\\[\\])?(\\.[A-Za-z_][A-Za-z0-9_]*(\\[\\])?)*$"
          },
          "additionalProperties": {
            "description": "The known values of one field.",
            "type": "object",
            "additionalProperties": false,
            "properties": {
              "values": {
                "description": "CEL over `params` only giving a list of strings: the known values.",
                "type": "string"
              },
              "aliases": {
                "description": "CEL over `params` only giving a map of other spellings to known values.",
                "type": "string"
              },
              "type": {
                "description": "The JSON type the field must have (default `string`).",
                "enum": ["string", "bool"]
              },
              "actions": {
                "description": "`true`: every action name (the contract's and this policy's) is a known value too.",
                "type": "boolean"
              },
              "cite": {
                "description": "Why the field matters (shown in `blocked`).",
                "type": "string"
              }
            }
          }
        },
        "windows": {
          "description": "When each action (by name) may be carried out.",
          "type": "object",
          "propertyNames": {
            "pattern": "^[a-z][a-z0-9_-]*$"
          },
          "additionalProperties": {
            "$ref": "#/$defs/window"
          }
        },
        "rules": {
          "description": "The rules, in order; every rule is evaluated and each that fires contributes.",
          "type": "array",
          "items": {
            "$ref": "#/$defs/rule"
          }
        }
      },
      "if": {
        "not": {
          "anyOf": [
            {
              "required": ["extends"]
            },
            {
              "required": ["abstract"],
              "properties": {
                "abstract": {
                  "const": true
                }
              }
            }
          ]
        }
      },
      "then": {
        "required": ["timezone"]
      },
      "$defs": {
        "id": {
          "description": "An id: a lower-case letter, then lower-case letters, digits, `-` and `_`.",
          "type": "string",
          "pattern": "^[a-z][a-z0-9_-]*$"
        },
        "date": {
          "description": "A calendar date `YYYY-MM-DD`.",
          "type": "string",
          "format": "date",
          "pattern": "^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$",
          "examples": ["2026-02-10"]
        },
        "duration": {
          "description": "A duration: whole numbers with the units `d`, `h`, `m`, `s` in that order (`7d`, `24h`, `30m`, `1d12h`).",
          "type": "string",
          "pattern": "^([0-9]+d([0-9]+h)?([0-9]+m)?([0-9]+s)?|[0-9]+h([0-9]+m)?([0-9]+s)?|[0-9]+m([0-9]+s)?|[0-9]+s)$",
          "examples": ["7d", "24h", "30m", "1d12h"]
        },
        "expression": {
          "description": "A CEL expression (docs/cel.md). Quote it when it starts with a character YAML treats specially, or use a `>-` block for long ones.",
          "type": ["string", "boolean", "number"],
          "pattern": "\\S"
        },
        "template": {
          "description": "Text with `${expression}` parts; `$${` writes a literal `${`.",
          "type": ["string", "number", "boolean"]
        },
        "actionName": {
          "description": "An action name (an id). The contract's v1 vocabulary is suggested; policies may define further names.",
          "type": "string",
          "pattern": "^[a-z][a-z0-9_-]*$",
          "examples": [
            "first_reminder",
            "second_notice",
            "follow_up",
            "suspension_notice",
            "red_notice_signature",
            "approval_request",
            "authority_report",
            "work_ticket",
            "pre_cut_notice",
            "arrears_recheck",
            "suspend_supply",
            "restore_supply",
            "restoration_notice",
            "late_fee",
            "escalate",
            "outage_announcement",
            "outage_notice",
            "outage_renotice"
          ]
        },
        "actionList": {
          "description": "Action names: a list, or one name standing for a list of one.",
          "anyOf": [
            {
              "$ref": "#/$defs/actionName"
            },
            {
              "type": "array",
              "items": {
                "$ref": "#/$defs/actionName"
              }
            }
          ]
        },
        "paramValue": {
          "description": "A parameter value, typed by how it is written: an integer is `int`; a number with a fraction exact `decimal`; a whole number with `d`, `h`, `m`, `s` (in that order, e.g. `7d`, `1d12h`) a `duration`; `YYYY-MM-DD` a `date`; `true`/`false` a `bool`; anything else, or quoted, a `string` (`yes`/`no` are strings); a list is a `list` of the common element type; a map a record typed the same way.",
          "anyOf": [
            {
              "type": "string"
            },
            {
              "type": "number"
            },
            {
              "type": "boolean"
            },
            {
              "type": "array",
              "items": {
                "$ref": "#/$defs/paramValue"
              }
            },
            {
              "type": "object",
              "additionalProperties": {
                "$ref": "#/$defs/paramValue"
              }
            }
          ]
        },
        "factLong": {
          "description": "The long form of a fact.",
          "type": "object",
          "additionalProperties": false,
          "required": ["value"],
          "properties": {
            "value": {
              "description": "The CEL expression computing the fact, once per snapshot.",
              "$ref": "#/$defs/expression"
            },
            "type": {
              "description": "The fact's declared CEL type, checked: the value must have this type. A fact declared `decimal` is written to the decision as a decimal string (`\"0.00\"` when it evaluates to an int 0).",
              "type": "string",
              "minLength": 1,
              "examples": [
                "bool",
                "int",
                "decimal",
                "string",
                "date",
                "timestamp",
                "duration",
                "list(string)",
                "list(Bill)",
                "map(string, dyn)"
              ]
            },
            "output": {
              "description": "Whether the fact is shown in the decision's `facts` (default `true`).",
              "type": "boolean",
              "default": true
            },
            "doc": {
              "description": "What the fact means, for people.",
              "type": "string"
            }
          }
        },
        "fact": {
          "description": "A named CEL value computed once per snapshot, in dependency order; it may use params, snapshot fields and other facts (a cycle is an error). Short form `name: expression`, or the long form with `value`, `type`, `output`, `doc`.",
          "oneOf": [
            {
              "$ref": "#/$defs/expression"
            },
            {
              "$ref": "#/$defs/factLong"
            }
          ]
        },
        "statutory": {
          "description": "A floor and/or ceiling the parameter of the same name must respect because a law or a promise sets them. A parameter below `min` or above `max` is a warning (an error with `check --strict`).",
          "type": "object",
          "additionalProperties": false,
          "required": ["cite"],
          "properties": {
            "min": {
              "description": "The lowest allowed value (a number, a duration such as `7d`, or a date).",
              "anyOf": [
                {
                  "type": "number"
                },
                {
                  "$ref": "#/$defs/duration"
                },
                {
                  "$ref": "#/$defs/date"
                }
              ]
            },
            "max": {
              "description": "The highest allowed value (a number, a duration such as `7d`, or a date).",
              "anyOf": [
                {
                  "type": "number"
                },
                {
                  "$ref": "#/$defs/duration"
                },
                {
                  "$ref": "#/$defs/date"
                }
              ]
            },
            "cite": {
              "description": "The law or promise that sets the bound.",
              "type": "string"
            }
          }
        },
        "tier": {
          "description": "A customer tier. Tiers are tried in order; the first whose `when` holds is the account's tier (available to rules as `tier`). If its condition fails with an error, the account is placed in that tier and the error is reported.",
          "type": "object",
          "additionalProperties": false,
          "required": ["id"],
          "properties": {
            "id": {
              "description": "The tier's id (lower case, `-`/`_`); an inherited tier with the same id is replaced in place.",
              "$ref": "#/$defs/id"
            },
            "name": {
              "description": "A name for people.",
              "type": "string"
            },
            "cite": {
              "description": "The rule or document that defines the tier.",
              "type": "string"
            },
            "when": {
              "description": "A `bool` condition; a tier without `when` matches everything, so put it last.",
              "$ref": "#/$defs/expression"
            },
            "protect": {
              "description": "Actions never carried out automatically for this tier: emitted ones are listed under `blocked`.",
              "$ref": "#/$defs/actionList"
            },
            "instead": {
              "description": "The action emitted in place of a protected one (optional), e.g. `escalate`.",
              "$ref": "#/$defs/actionName"
            },
            "disabled": {
              "description": "`true` removes the inherited tier with the same id.",
              "type": "boolean"
            }
          }
        },
        "protection": {
          "description": "An account-level hold that blocks actions. With `kind`, it applies while the snapshot has a `customer.protections` entry of that kind whose `until` is absent or not before today; with `when`, while the condition holds; with both, when both do.",
          "type": "object",
          "additionalProperties": false,
          "required": ["id"],
          "properties": {
            "id": {
              "description": "The protection's id; it is named as `by` in the decision's `blocked`.",
              "$ref": "#/$defs/id"
            },
            "kind": {
              "description": "Matches `customer.protections[].kind` of the snapshot, while its `until` ≥ today.",
              "type": "string",
              "minLength": 1,
              "examples": ["medical_equipment"]
            },
            "when": {
              "description": "A `bool` condition under which the protection holds.",
              "$ref": "#/$defs/expression"
            },
            "blocks": {
              "description": "The actions it blocks.",
              "$ref": "#/$defs/actionList"
            },
            "cite": {
              "description": "The rule or document that grants the protection.",
              "type": "string"
            },
            "reason": {
              "description": "Why it blocks, shown in the decision's `blocked`.",
              "type": "string"
            },
            "disabled": {
              "description": "`true` removes the inherited protection with the same id.",
              "type": "boolean"
            }
          },
          "if": {
            "required": ["disabled"],
            "properties": {
              "disabled": {
                "const": true
              }
            }
          },
          "else": {
            "required": ["blocks"],
            "anyOf": [
              {
                "required": ["kind"]
              },
              {
                "required": ["when"]
              }
            ]
          }
        },
        "window": {
          "description": "When the action may be carried out. An emitted action whose `not_before` falls outside its window is moved to the next allowed instant (its `due_by` moves by the same amount) and carries `shifted`.",
          "type": "object",
          "additionalProperties": false,
          "properties": {
            "days": {
              "description": "`workdays` (by the policy's calendar) or `any`.",
              "enum": ["workdays", "any"]
            },
            "hours": {
              "description": "Local hours `HH:MM-HH:MM`, the start before the end (quote it).",
              "type": "string",
              "pattern": "^[ \\t]*(([01][0-9]|2[0-3]):[0-5][0-9]|24:00)[ \\t]*-[ \\t]*(([01][0-9]|2[0-3]):[0-5][0-9]|24:00)[ \\t]*$",
              "examples": ["09:00-17:00"]
            },
            "blackouts": {
              "description": "Date ranges on which the action is never carried out.",
              "type": "array",
              "items": {
                "$ref": "#/$defs/blackout"
              }
            },
            "cite": {
              "description": "The rule or document that sets the window.",
              "type": "string"
            }
          }
        },
        "blackout": {
          "description": "Dates (inclusive, local) on which the action is never carried out.",
          "type": "object",
          "additionalProperties": false,
          "required": ["from", "to"],
          "properties": {
            "from": {
              "description": "The first day of the blackout.",
              "$ref": "#/$defs/date"
            },
            "to": {
              "description": "The last day of the blackout (not before `from`).",
              "$ref": "#/$defs/date"
            },
            "reason": {
              "description": "Why, shown in the action's `shifted.reason`.",
              "type": "string"
            }
          }
        },
        "rule": {
          "description": "A rule. Every rule is evaluated; it fires when `when && !unless` and contributes its action (`emit`) or its finding (`violation`).",
          "type": "object",
          "additionalProperties": false,
          "required": ["id"],
          "properties": {
            "id": {
              "description": "The rule's id, unique (lower case, `-`/`_`); an inherited rule with the same id is replaced in place.",
              "$ref": "#/$defs/id"
            },
            "cite": {
              "description": "The rule's legal or procedural source (`check` warns when it is absent).",
              "type": "string"
            },
            "description": {
              "description": "What the rule is for, for people.",
              "type": "string"
            },
            "effective": {
              "description": "The dates (inclusive) on which the rule applies.",
              "type": "object",
              "additionalProperties": false,
              "properties": {
                "from": {
                  "description": "The first day the rule applies.",
                  "$ref": "#/$defs/date"
                },
                "until": {
                  "description": "The last day the rule applies.",
                  "$ref": "#/$defs/date"
                }
              }
            },
            "each": {
              "description": "A list expression: the rule is evaluated once per item, bound to the name in `as`.",
              "$ref": "#/$defs/expression"
            },
            "as": {
              "description": "The name of the item of `each` (default `item`).",
              "type": "string",
              "pattern": "^[a-z][a-z0-9_]*$",
              "default": "item"
            },
            "when": {
              "description": "A `bool` condition (default `true`).",
              "$ref": "#/$defs/expression"
            },
            "unless": {
              "description": "A `bool` condition that stops the rule (default `false`).",
              "$ref": "#/$defs/expression"
            },
            "emit": {
              "$ref": "#/$defs/emit"
            },
            "violation": {
              "$ref": "#/$defs/violation"
            },
            "review_at": {
              "description": "When to look at the account again: a CEL timestamp, a list of them, or `null`. The earliest one after `now` over all rules and windows is `next_review_at`.",
              "anyOf": [
                {
                  "$ref": "#/$defs/expression"
                },
                {
                  "type": "null"
                }
              ]
            },
            "disabled": {
              "description": "`true` removes the inherited rule with the same id.",
              "type": "boolean"
            }
          },
          "dependentRequired": {
            "as": ["each"]
          },
          "if": {
            "required": ["disabled"],
            "properties": {
              "disabled": {
                "const": true
              }
            }
          },
          "then": {
            "not": {
              "required": ["emit", "violation"]
            }
          },
          "else": {
            "oneOf": [
              {
                "required": ["emit"]
              },
              {
                "required": ["violation"]
              }
            ]
          }
        },
        "emit": {
          "description": "The action the rule requires when it fires.",
          "type": "object",
          "additionalProperties": false,
          "required": ["action", "due_by"],
          "properties": {
            "action": {
              "description": "The action's name (an id).",
              "$ref": "#/$defs/actionName"
            },
            "channels": {
              "description": "How the action is carried out: a list, or one channel.",
              "anyOf": [
                {
                  "type": "string",
                  "examples": ["sms", "phone", "letter", "visit", "media", "email"]
                },
                {
                  "type": "array",
                  "items": {
                    "type": "string",
                    "examples": ["sms", "phone", "letter", "visit", "media", "email"]
                  }
                }
              ]
            },
            "not_before": {
              "description": "A CEL timestamp: the start of the action's window (default: `now`).",
              "$ref": "#/$defs/expression"
            },
            "due_by": {
              "description": "A CEL timestamp: the deadline of the action (required).",
              "$ref": "#/$defs/expression"
            },
            "reason": {
              "description": "Text with `${expression}` parts (`$${` writes a literal `${`), shown in the decision.",
              "$ref": "#/$defs/template"
            },
            "data": {
              "description": "Named CEL values attached to the action's `data`.",
              "type": "object",
              "additionalProperties": {
                "$ref": "#/$defs/expression"
              }
            }
          }
        },
        "violation": {
          "description": "The compliance finding the rule reports when it fires.",
          "type": "object",
          "additionalProperties": false,
          "required": ["code"],
          "properties": {
            "code": {
              "description": "The violation code (an id); the contract's v1 codes are suggested.",
              "type": "string",
              "pattern": "^[a-z][a-z0-9_-]*$",
              "examples": [
                "notice_lead_time",
                "suspended_without_notice",
                "suspended_without_approval",
                "suspended_without_signed_notice",
                "suspended_without_work_ticket",
                "suspended_without_renotice",
                "suspended_without_recheck",
                "suspended_after_payment",
                "suspended_in_blackout",
                "restoration_overdue",
                "outage_announcement_late",
                "outage_notice_late",
                "outage_renotice_missing"
              ]
            },
            "detail": {
              "description": "Text with `${expression}` parts, shown in the decision.",
              "$ref": "#/$defs/template"
            }
          }
        }
      }
    }

    """#

    /// The JSON Schema of calendar files (`calendars/<id>.yaml`).
    public static let calendar = #"""
    {
      "$schema": "https://json-schema.org/draft/2020-12/schema",
      "title": "policyctl calendar",
      "description": "A calendar file (`calendars/<file>.yaml` beside a policy): the period it covers, holidays and make-up working days, read by `is_workday`, `add_workdays`, `next_workday` and by windows with `days: workdays`. A working day is Monday to Friday unless it is a holiday, plus the listed make-up working days. Several files (one per year) may share one `calendar` id; days outside every file's `covers` are unknown.",
      "type": "object",
      "additionalProperties": false,
      "required": ["calendar", "covers"],
      "properties": {
        "calendar": {
          "description": "The calendar's id, named by a policy's `calendar` key; files of one id (one per year) make one calendar.",
          "$ref": "#/$defs/id"
        },
        "covers": {
          "description": "The period whose holidays this file holds (the years whose State Council notice was read); its holidays and make-up days lie inside it, and no two files of one calendar overlap.",
          "type": "object",
          "additionalProperties": false,
          "required": ["from", "to"],
          "properties": {
            "from": {
              "description": "The first day covered.",
              "$ref": "#/$defs/date"
            },
            "to": {
              "description": "The last day covered (not before `from`).",
              "$ref": "#/$defs/date"
            }
          }
        },
        "name": {
          "description": "A name for people.",
          "type": "string"
        },
        "source": {
          "description": "The official notice the dates come from.",
          "type": "string"
        },
        "holidays": {
          "description": "Public holidays: ranges of days that are not working days.",
          "type": "array",
          "items": {
            "description": "A holiday, one day or a range of days (inclusive, at most a year).",
            "type": "object",
            "additionalProperties": false,
            "required": ["from"],
            "properties": {
              "name": {
                "description": "The holiday's name.",
                "type": "string"
              },
              "from": {
                "description": "The first day off.",
                "$ref": "#/$defs/date"
              },
              "to": {
                "description": "The last day off (default: `from`; not before `from`).",
                "$ref": "#/$defs/date"
              }
            }
          }
        },
        "workdays": {
          "description": "Make-up working days (调休): weekend days that are working days.",
          "type": "array",
          "items": {
            "description": "A make-up working day.",
            "type": "object",
            "additionalProperties": false,
            "required": ["date"],
            "properties": {
              "date": {
                "description": "The day that is a working day.",
                "$ref": "#/$defs/date"
              },
              "for": {
                "description": "The holiday it makes up for.",
                "type": "string"
              }
            }
          }
        }
      },
      "$defs": {
        "id": {
          "description": "An id: a lower-case letter, then lower-case letters, digits, `-` and `_`.",
          "type": "string",
          "pattern": "^[a-z][a-z0-9_-]*$"
        },
        "date": {
          "description": "A calendar date `YYYY-MM-DD`.",
          "type": "string",
          "format": "date",
          "pattern": "^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$",
          "examples": ["2026-02-10"]
        }
      }
    }

    """#

    /// The JSON Schema of policy test files (`*.test.yaml`, docs/testing.md).
    public static let policyTest = #"""
    {
      "$schema": "https://json-schema.org/draft/2020-12/schema",
      "title": "policyctl policy test",
      "description": "A policy test file (`*.test.yaml`, docs/testing.md): one policy and its cases, run by `policyctl test`. Snapshots and action names are defined in snapshot.schema.json and policy.schema.json, which must sit beside this file (`policyctl schema NAME` prints each).",
      "type": "object",
      "additionalProperties": false,
      "required": ["policy", "tests"],
      "properties": {
        "policy": {
          "description": "The id of the policy under test, looked up beside the test file, then in its parent.",
          "$ref": "policy.schema.json#/$defs/id"
        },
        "tests": {
          "description": "The cases.",
          "type": "array",
          "minItems": 1,
          "items": {
            "$ref": "#/$defs/case"
          }
        }
      },
      "$defs": {
        "case": {
          "description": "A case: a snapshot, an instant, and what the decision must (and must not) contain.",
          "type": "object",
          "additionalProperties": false,
          "required": ["name", "expect"],
          "properties": {
            "name": {
              "description": "What the case shows, printed when it fails; unique in the file.",
              "type": "string",
              "minLength": 1
            },
            "as_of": {
              "description": "The evaluation instant (RFC 3339 with offset); without it, the snapshot's `as_of`.",
              "$ref": "snapshot.schema.json#/$defs/timestamp"
            },
            "snapshot": {
              "description": "The snapshot, inline, read as the JSON it stands for (dates and times are strings; quote amounts such as `\"312.40\"`). An account snapshot as snapshot.schema.json defines it (contract §1).",
              "$ref": "snapshot.schema.json"
            },
            "snapshot_file": {
              "description": "A JSON file holding the snapshot (one object), relative to the test file; give either `snapshot` or `snapshot_file`.",
              "type": "string",
              "minLength": 1,
              "examples": ["snapshots/t-rem-1.json"]
            },
            "expect": {
              "$ref": "#/$defs/expect"
            }
          },
          "oneOf": [
            {
              "required": ["snapshot"]
            },
            {
              "required": ["snapshot_file"]
            }
          ]
        },
        "expect": {
          "description": "What the decision must contain. An expected object matches an actual one when every field it lists is equal (times compare as instants); `actions`, `blocked` and `violations` are subsets unless `exact: true`.",
          "type": "object",
          "additionalProperties": false,
          "properties": {
            "tier": {
              "description": "The account's tier (`null`: no tier matched).",
              "type": ["string", "null"]
            },
            "facts": {
              "description": "Facts that must have these values (decimals as strings, e.g. `\"312.40\"`).",
              "type": "object",
              "additionalProperties": true
            },
            "actions": {
              "description": "Each must match some action: listed fields only.",
              "type": "array",
              "items": {
                "description": "An expected action.",
                "type": "object",
                "additionalProperties": false,
                "minProperties": 1,
                "properties": {
                  "action": {
                    "description": "The action's name.",
                    "$ref": "policy.schema.json#/$defs/actionName"
                  },
                  "rule": {
                    "description": "The id of the rule that emitted it.",
                    "type": "string"
                  },
                  "cite": {
                    "description": "The rule's citation.",
                    "type": ["string", "null"]
                  },
                  "channels": {
                    "description": "How to carry it out.",
                    "type": "array",
                    "items": {
                      "type": "string"
                    }
                  },
                  "not_before": {
                    "description": "The start of the window in which to do it (moved into the action's allowed window, see `shifted`). Compared as an instant.",
                    "$ref": "snapshot.schema.json#/$defs/timestamp"
                  },
                  "due_by": {
                    "description": "The deadline. Compared as an instant.",
                    "$ref": "snapshot.schema.json#/$defs/timestamp"
                  },
                  "reason": {
                    "description": "Why, for people.",
                    "type": ["string", "null"]
                  },
                  "data": {
                    "description": "Values the rule attached; decimals as strings, timestamps in the policy's zone.",
                    "type": "object",
                    "additionalProperties": true
                  },
                  "shifted": {
                    "description": "Present when the action's window moved `not_before` (and `due_by` by the same amount).",
                    "type": "object",
                    "additionalProperties": false,
                    "required": ["from", "reason"],
                    "properties": {
                      "from": {
                        "description": "The original `not_before`.",
                        "$ref": "snapshot.schema.json#/$defs/timestamp"
                      },
                      "reason": {
                        "description": "Why it moved (outside the hours, not a working day, a blackout).",
                        "type": "string"
                      }
                    }
                  }
                }
              }
            },
            "no_actions": {
              "description": "Action names that must be absent from `actions`: a list, or one name.",
              "$ref": "policy.schema.json#/$defs/actionList"
            },
            "blocked": {
              "description": "Each must match some blocked action: listed fields only.",
              "type": "array",
              "items": {
                "description": "An expected blocked action.",
                "type": "object",
                "additionalProperties": false,
                "minProperties": 1,
                "properties": {
                  "action": {
                    "description": "The action that was stopped.",
                    "$ref": "policy.schema.json#/$defs/actionName"
                  },
                  "rule": {
                    "description": "The id of the rule that required it.",
                    "type": "string"
                  },
                  "by": {
                    "description": "The id of the tier or protection that stopped it.",
                    "type": "string"
                  },
                  "reason": {
                    "description": "Why, for people.",
                    "type": "string"
                  },
                  "cite": {
                    "description": "The citation of the tier or protection.",
                    "type": ["string", "null"]
                  },
                  "until": {
                    "description": "Present when a protection with a known end stopped it: the last day it holds.",
                    "$ref": "snapshot.schema.json#/$defs/date"
                  }
                }
              }
            },
            "violations": {
              "description": "Each must match some violation: listed fields only.",
              "type": "array",
              "items": {
                "description": "An expected violation.",
                "type": "object",
                "additionalProperties": false,
                "minProperties": 1,
                "properties": {
                  "code": {
                    "description": "The violation code; the contract's v1 codes are listed as examples.",
                    "type": "string",
                    "examples": [
                      "notice_lead_time",
                      "suspended_without_notice",
                      "suspended_without_approval",
                      "suspended_without_signed_notice",
                      "suspended_without_work_ticket",
                      "suspended_without_renotice",
                      "suspended_without_recheck",
                      "suspended_after_payment",
                      "suspended_in_blackout",
                      "restoration_overdue",
                      "outage_announcement_late",
                      "outage_notice_late",
                      "outage_renotice_missing"
                    ]
                  },
                  "rule": {
                    "description": "The id of the rule that found it.",
                    "type": "string"
                  },
                  "cite": {
                    "description": "The rule's citation.",
                    "type": ["string", "null"]
                  },
                  "detail": {
                    "description": "What happened, for people.",
                    "type": ["string", "null"]
                  }
                }
              }
            },
            "no_violations": {
              "description": "Violation codes that must be absent: a list, or one code.",
              "anyOf": [
                {
                  "$ref": "#/$defs/violationCode"
                },
                {
                  "type": "array",
                  "items": {
                    "$ref": "#/$defs/violationCode"
                  }
                }
              ]
            },
            "next_review_at": {
              "description": "The decision's `next_review_at` (`null`: none), compared as an instant.",
              "anyOf": [
                {
                  "$ref": "snapshot.schema.json#/$defs/timestamp"
                },
                {
                  "type": "null"
                }
              ]
            },
            "errors": {
              "description": "The number of rule errors (default: not checked).",
              "type": "integer",
              "minimum": 0
            },
            "exact": {
              "description": "`true`: `actions`, `blocked` and `violations` must list every entry, not a subset.",
              "type": "boolean",
              "default": false
            }
          }
        },
        "violationCode": {
          "description": "A violation code; the contract's v1 codes are suggested.",
          "type": "string",
          "pattern": "^[a-z][a-z0-9_-]*$",
          "examples": [
            "notice_lead_time",
            "suspended_without_notice",
            "suspended_without_approval",
            "suspended_without_signed_notice",
            "suspended_without_work_ticket",
            "suspended_without_renotice",
            "suspended_without_recheck",
            "suspended_after_payment",
            "suspended_in_blackout",
            "restoration_overdue",
            "outage_announcement_late",
            "outage_notice_late",
            "outage_renotice_missing"
          ]
        }
      }
    }

    """#

    /// The JSON Schema of an account snapshot (contract §1).
    public static let snapshot = #"""
    {
      "$schema": "https://json-schema.org/draft/2020-12/schema",
      "title": "policyctl account snapshot",
      "description": "One account snapshot (contract §1). Only `account_id` is required; a field that is absent or `null` is unknown (a list: empty) and the policy decides what that means. Fields the contract does not name are kept and available to policies through `snapshot`. NDJSON input has one snapshot per line.",
      "type": "object",
      "additionalProperties": true,
      "required": ["account_id"],
      "properties": {
        "account_id": {
          "description": "The account's id (required, non-empty).",
          "type": "string",
          "minLength": 1
        },
        "bureau": {
          "description": "The bureau whose policy applies: with `--policy DIR`, `DIR/<bureau>.yaml`.",
          "type": ["string", "null"]
        },
        "as_of": {
          "description": "The evaluation instant; `--as-of` overrides it, and without either the current time is used.",
          "anyOf": [
            {
              "$ref": "#/$defs/timestamp"
            },
            {
              "type": "null"
            }
          ]
        },
        "customer": {
          "$ref": "#/$defs/customer"
        },
        "bills": {
          "description": "The account's bills. Absent or `null` is an empty list.",
          "type": ["array", "null"],
          "items": {
            "$ref": "#/$defs/bill"
          }
        },
        "payments": {
          "description": "Payments received. Absent or `null` is an empty list.",
          "type": ["array", "null"],
          "items": {
            "$ref": "#/$defs/payment"
          }
        },
        "notices": {
          "description": "What was already done, `kind` = the action's name. Absent or `null` is an empty list.",
          "type": ["array", "null"],
          "items": {
            "$ref": "#/$defs/notice"
          }
        },
        "approvals": {
          "description": "Approvals given, `action` = the action approved. Absent or `null` is an empty list.",
          "type": ["array", "null"],
          "items": {
            "$ref": "#/$defs/approval"
          }
        },
        "supply": {
          "$ref": "#/$defs/supply"
        },
        "outages": {
          "description": "Outages affecting the account. Absent or `null` is an empty list.",
          "type": ["array", "null"],
          "items": {
            "$ref": "#/$defs/outage"
          }
        }
      },
      "$defs": {
        "date": {
          "description": "A calendar date `YYYY-MM-DD`.",
          "type": "string",
          "format": "date",
          "pattern": "^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$",
          "examples": ["2026-02-10"]
        },
        "timestamp": {
          "description": "An RFC 3339 time with an offset (`2026-12-21T09:00:00+08:00`, or `Z` for UTC).",
          "type": "string",
          "format": "date-time",
          "pattern": "^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])[Tt]([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\\.[0-9]{1,9})?([Zz]|[+-]([01][0-9]|2[0-3]):[0-5][0-9])$",
          "examples": ["2026-12-21T09:00:00+08:00"]
        },
        "decimal": {
          "description": "An exact amount: a decimal string (`\"312.40\"`) or a JSON number, read exactly from its text, never through a binary float.",
          "type": ["string", "number"],
          "pattern": "^[+-]?[0-9]+(\\.[0-9]+)?([eE][+-]?[0-9]+)?$",
          "examples": ["312.40"]
        },
        "customer": {
          "description": "The customer holding the account.",
          "type": ["object", "null"],
          "additionalProperties": true,
          "properties": {
            "name": {
              "description": "The customer's name.",
              "type": ["string", "null"]
            },
            "class": {
              "description": "The customer class.",
              "enum": ["residential", "non_residential", null]
            },
            "category": {
              "description": "What the customer is (`household`, `hospital`, `bank`, …); policies compare it with their params.",
              "type": ["string", "null"]
            },
            "voltage_kv": {
              "description": "The supply voltage in kV (decimal), e.g. `0.4` for low voltage.",
              "anyOf": [
                {
                  "$ref": "#/$defs/decimal"
                },
                {
                  "type": "null"
                }
              ]
            },
            "important_grade": {
              "description": "The official grade of an important power customer, or `null`.",
              "enum": ["特级", "一级", "二级", "临时", null]
            },
            "month_end_payer": {
              "description": "Whether the customer pays at the end of the month by agreement.",
              "type": ["boolean", "null"]
            },
            "contacts": {
              "description": "How to reach the customer, by channel (`sms`, `phone`, `email`, `address`, …).",
              "type": ["object", "null"],
              "additionalProperties": true
            },
            "protections": {
              "description": "Protections the customer holds (medical equipment at the address, …). Absent or `null` is an empty list.",
              "type": ["array", "null"],
              "items": {
                "$ref": "#/$defs/protection"
              }
            }
          }
        },
        "protection": {
          "description": "A protection the customer holds; a policy protection with the same `kind` applies while `until` is absent or not before today.",
          "type": ["object", "null"],
          "additionalProperties": true,
          "properties": {
            "kind": {
              "description": "The kind of protection, e.g. `medical_equipment`.",
              "type": ["string", "null"]
            },
            "until": {
              "description": "The last day the protection holds (absent: open-ended).",
              "anyOf": [
                {
                  "$ref": "#/$defs/date"
                },
                {
                  "type": "null"
                }
              ]
            },
            "ref": {
              "description": "A reference to the certificate or record.",
              "type": ["string", "null"]
            }
          }
        },
        "bill": {
          "description": "A monthly bill.",
          "type": ["object", "null"],
          "additionalProperties": true,
          "properties": {
            "period": {
              "description": "The billing period, `YYYY-MM`.",
              "type": ["string", "null"]
            },
            "amount": {
              "description": "The billed amount.",
              "anyOf": [
                {
                  "$ref": "#/$defs/decimal"
                },
                {
                  "type": "null"
                }
              ]
            },
            "due_date": {
              "description": "The supply contract's payment deadline.",
              "anyOf": [
                {
                  "$ref": "#/$defs/date"
                },
                {
                  "type": "null"
                }
              ]
            },
            "paid": {
              "description": "The amount paid at `as_of`.",
              "anyOf": [
                {
                  "$ref": "#/$defs/decimal"
                },
                {
                  "type": "null"
                }
              ]
            },
            "disputed": {
              "description": "Extension: true while the customer disputes the bill (the baseline's `disputed-bill` protection). Any JSON value is read; the baseline's vocabulary `bills[].disputed` requires a bool and warns on any other value."
            }
          }
        },
        "payment": {
          "description": "A payment received.",
          "type": ["object", "null"],
          "additionalProperties": true,
          "properties": {
            "at": {
              "description": "When the money came in.",
              "anyOf": [
                {
                  "$ref": "#/$defs/timestamp"
                },
                {
                  "type": "null"
                }
              ]
            },
            "amount": {
              "description": "The amount paid.",
              "anyOf": [
                {
                  "$ref": "#/$defs/decimal"
                },
                {
                  "type": "null"
                }
              ]
            }
          }
        },
        "notice": {
          "description": "A notice already sent: `kind` is the action's name.",
          "type": ["object", "null"],
          "additionalProperties": true,
          "properties": {
            "kind": {
              "description": "The action that was carried out (`first_reminder`, `second_notice`, `suspension_notice`, …).",
              "type": ["string", "null"],
              "examples": [
                "first_reminder",
                "second_notice",
                "follow_up",
                "suspension_notice",
                "red_notice_signature",
                "approval_request",
                "authority_report",
                "work_ticket",
                "pre_cut_notice",
                "arrears_recheck",
                "suspend_supply",
                "restore_supply",
                "restoration_notice",
                "late_fee",
                "escalate",
                "outage_announcement",
                "outage_notice",
                "outage_renotice"
              ]
            },
            "channel": {
              "description": "The channel it was sent by.",
              "type": ["string", "null"],
              "examples": ["sms", "phone", "letter", "visit", "media", "email"]
            },
            "sent_at": {
              "description": "When it was sent.",
              "anyOf": [
                {
                  "$ref": "#/$defs/timestamp"
                },
                {
                  "type": "null"
                }
              ]
            },
            "delivered_at": {
              "description": "When it was delivered, if known.",
              "anyOf": [
                {
                  "$ref": "#/$defs/timestamp"
                },
                {
                  "type": "null"
                }
              ]
            },
            "planned_cut_at": {
              "description": "For a `suspension_notice`: the cut time it announced.",
              "anyOf": [
                {
                  "$ref": "#/$defs/timestamp"
                },
                {
                  "type": "null"
                }
              ]
            },
            "signed": {
              "description": "Whether the customer signed for it.",
              "type": ["boolean", "null"]
            },
            "refused": {
              "description": "Whether the customer refused it.",
              "type": ["boolean", "null"]
            },
            "outage_id": {
              "description": "For outage notices: the outage's `id`.",
              "type": ["string", "null"]
            }
          }
        },
        "approval": {
          "description": "An approval given.",
          "type": ["object", "null"],
          "additionalProperties": true,
          "properties": {
            "action": {
              "description": "The action approved.",
              "type": ["string", "null"],
              "examples": [
                "first_reminder",
                "second_notice",
                "follow_up",
                "suspension_notice",
                "red_notice_signature",
                "approval_request",
                "authority_report",
                "work_ticket",
                "pre_cut_notice",
                "arrears_recheck",
                "suspend_supply",
                "restore_supply",
                "restoration_notice",
                "late_fee",
                "escalate",
                "outage_announcement",
                "outage_notice",
                "outage_renotice"
              ]
            },
            "by": {
              "description": "Who approved it.",
              "type": ["string", "null"]
            },
            "at": {
              "description": "When.",
              "anyOf": [
                {
                  "$ref": "#/$defs/timestamp"
                },
                {
                  "type": "null"
                }
              ]
            }
          }
        },
        "supply": {
          "description": "The state of the supply; a carried-out cut is `{\"status\": \"suspended\", \"since\": <cut time>}`.",
          "type": ["object", "null"],
          "additionalProperties": true,
          "properties": {
            "status": {
              "description": "The supply's status.",
              "enum": ["on", "suspended", "restricted", null]
            },
            "since": {
              "description": "Since when the status holds.",
              "anyOf": [
                {
                  "$ref": "#/$defs/timestamp"
                },
                {
                  "type": "null"
                }
              ]
            }
          }
        },
        "outage": {
          "description": "A planned or unplanned outage affecting the account.",
          "type": ["object", "null"],
          "additionalProperties": true,
          "properties": {
            "id": {
              "description": "The outage's id, named by outage notices' `outage_id`.",
              "type": ["string", "null"]
            },
            "kind": {
              "description": "The kind of outage.",
              "enum": ["planned", "temporary", "rationing", "hazard", "fault", null]
            },
            "start": {
              "description": "When it starts.",
              "anyOf": [
                {
                  "$ref": "#/$defs/timestamp"
                },
                {
                  "type": "null"
                }
              ]
            },
            "end": {
              "description": "When it ends.",
              "anyOf": [
                {
                  "$ref": "#/$defs/timestamp"
                },
                {
                  "type": "null"
                }
              ]
            },
            "reason": {
              "description": "Why.",
              "type": ["string", "null"]
            }
          }
        }
      }
    }

    """#

    /// The JSON Schema of one line of `eval` output: a decision (contract §2) or an error line (§3).
    public static let decision = #"""
    {
      "$schema": "https://json-schema.org/draft/2020-12/schema",
      "title": "policyctl decision",
      "description": "One line of `policyctl eval` output: a decision (contract §2) or, for a snapshot that could not be evaluated, an error line (contract §3). Lines in = lines out.",
      "oneOf": [
        {
          "$ref": "#/$defs/decision"
        },
        {
          "$ref": "#/$defs/errorLine"
        }
      ],
      "$defs": {
        "decision": {
          "description": "The decision for one snapshot (contract §2).",
          "type": "object",
          "additionalProperties": false,
          "required": [
            "account_id",
            "line",
            "policy",
            "as_of",
            "tier",
            "facts",
            "actions",
            "blocked",
            "violations",
            "next_review_at",
            "errors",
            "warnings"
          ],
          "properties": {
            "account_id": {
              "description": "The snapshot's `account_id`.",
              "type": "string"
            },
            "line": {
              "description": "The input line (or array element) number, from 1.",
              "type": "integer",
              "minimum": 1
            },
            "policy": {
              "description": "The policy that decided.",
              "type": "object",
              "additionalProperties": false,
              "required": ["id", "version", "digest"],
              "properties": {
                "id": {
                  "description": "The policy's id.",
                  "type": "string"
                },
                "version": {
                  "description": "The policy's `version`, or `null`.",
                  "type": ["string", "null"]
                },
                "digest": {
                  "description": "The SHA-256 digest of the policy and everything it uses.",
                  "type": "string",
                  "pattern": "^sha256:[0-9a-f]{64}$"
                }
              }
            },
            "as_of": {
              "description": "The evaluation instant, in the policy's time zone.",
              "$ref": "#/$defs/timestamp"
            },
            "tier": {
              "description": "The account's tier, or `null` when no tier matched.",
              "type": ["string", "null"]
            },
            "facts": {
              "description": "The policy's output facts for this account, by name: decimals as strings (`arrears`, `late_fee`), ints as numbers (`months_in_arrears`), timestamps in the policy's zone.",
              "type": "object",
              "additionalProperties": true
            },
            "actions": {
              "description": "What must be done, sorted by `due_by`, then `action`, then `rule`.",
              "type": "array",
              "items": {
                "$ref": "#/$defs/action"
              }
            },
            "blocked": {
              "description": "Actions a rule required, stopped by a tier or protection, sorted by `action`, `rule`.",
              "type": "array",
              "items": {
                "$ref": "#/$defs/blocked"
              }
            },
            "violations": {
              "description": "Procedure already breached as of `as_of`, sorted by `code`, `rule`.",
              "type": "array",
              "items": {
                "$ref": "#/$defs/violation"
              }
            },
            "next_review_at": {
              "description": "The earliest instant at which the decision would change if nothing else happened, or `null`. Integrators schedule on it.",
              "anyOf": [
                {
                  "$ref": "#/$defs/timestamp"
                },
                {
                  "type": "null"
                }
              ]
            },
            "errors": {
              "description": "Rule evaluation errors for this snapshot.",
              "type": "array",
              "items": {
                "$ref": "#/$defs/ruleError"
              }
            },
            "warnings": {
              "description": "Extension: what the evaluation did not know and how it stayed on the protective side (docs/formats.md).",
              "type": "array",
              "items": {
                "$ref": "#/$defs/warning"
              }
            }
          }
        },
        "warning": {
          "description": "Something the evaluation did not know, and what it did instead of guessing.",
          "type": "object",
          "additionalProperties": false,
          "required": ["code", "message"],
          "properties": {
            "code": {
              "description": "A stable code such as `calendar.not_covered`.",
              "type": "string"
            },
            "message": {
              "description": "One line for people.",
              "type": "string"
            },
            "rule": {
              "description": "The fact (`fact:<name>`), rule or protection where it was noticed.",
              "type": "string"
            },
            "path": {
              "description": "The snapshot field concerned, as a JSON path.",
              "type": "string"
            },
            "value": {
              "description": "The input value concerned, as text.",
              "type": "string"
            },
            "date": {
              "description": "The day concerned.",
              "type": "string",
              "format": "date"
            }
          }
        },
        "errorLine": {
          "description": "The line written in place of a decision for a snapshot that could not be evaluated (contract §3): not JSON, not a valid snapshot, or no policy for its bureau.",
          "type": "object",
          "additionalProperties": false,
          "required": ["line", "account_id", "error"],
          "properties": {
            "line": {
              "description": "The input line (or array element) number, from 1.",
              "type": "integer",
              "minimum": 1
            },
            "account_id": {
              "description": "The snapshot's `account_id` when it could be read, else `null`.",
              "type": ["string", "null"]
            },
            "error": {
              "description": "What is wrong.",
              "type": "object",
              "additionalProperties": false,
              "required": ["code", "path", "message"],
              "properties": {
                "code": {
                  "description": "`invalid_snapshot` (not JSON, or breaks the snapshot schema), `unknown_bureau` (no policy for the snapshot's `bureau`) or `budget_exceeded` (evaluating the snapshot took more than the step budget).",
                  "enum": ["invalid_snapshot", "unknown_bureau", "budget_exceeded"]
                },
                "path": {
                  "description": "The JSON path of the offending field (`bills[2].due_date`), empty for the whole line.",
                  "type": "string"
                },
                "message": {
                  "description": "What is wrong, for people.",
                  "type": "string"
                }
              }
            }
          }
        },
        "action": {
          "description": "An action to carry out, within `[not_before, due_by]`.",
          "type": "object",
          "additionalProperties": false,
          "required": ["action", "rule", "cite", "channels", "not_before", "due_by", "reason", "data"],
          "properties": {
            "action": {
              "description": "The action's name.",
              "$ref": "#/$defs/actionName"
            },
            "rule": {
              "description": "The id of the rule that emitted it.",
              "type": "string"
            },
            "cite": {
              "description": "The rule's citation.",
              "type": ["string", "null"]
            },
            "channels": {
              "description": "How to carry it out.",
              "type": "array",
              "items": {
                "type": "string"
              }
            },
            "not_before": {
              "description": "The start of the window in which to do it (moved into the action's allowed window, see `shifted`).",
              "$ref": "#/$defs/timestamp"
            },
            "due_by": {
              "description": "The deadline.",
              "$ref": "#/$defs/timestamp"
            },
            "reason": {
              "description": "Why, for people.",
              "type": ["string", "null"]
            },
            "data": {
              "description": "Values the rule attached; decimals as strings, timestamps in the policy's zone.",
              "type": "object",
              "additionalProperties": true
            },
            "shifted": {
              "description": "Present when the action's window moved `not_before` (and `due_by` by the same amount).",
              "type": "object",
              "additionalProperties": false,
              "required": ["from", "reason"],
              "properties": {
                "from": {
                  "description": "The original `not_before`.",
                  "$ref": "#/$defs/timestamp"
                },
                "reason": {
                  "description": "Why it moved (outside the hours, not a working day, a blackout).",
                  "type": "string"
                }
              }
            }
          }
        },
        "blocked": {
          "description": "An action that a tier or protection stopped.",
          "type": "object",
          "additionalProperties": false,
          "required": ["action", "rule", "by", "reason", "cite"],
          "properties": {
            "action": {
              "description": "The action that was stopped.",
              "$ref": "#/$defs/actionName"
            },
            "rule": {
              "description": "The id of the rule that required it.",
              "type": "string"
            },
            "by": {
              "description": "The id of the tier or protection that stopped it.",
              "type": "string"
            },
            "reason": {
              "description": "Why, for people.",
              "type": "string"
            },
            "cite": {
              "description": "The citation of the tier or protection.",
              "type": ["string", "null"]
            },
            "until": {
              "description": "Present when a protection with a known end stopped it: the last day it holds.",
              "$ref": "#/$defs/date"
            }
          }
        },
        "violation": {
          "description": "A compliance finding.",
          "type": "object",
          "additionalProperties": false,
          "required": ["code", "rule", "cite", "detail"],
          "properties": {
            "code": {
              "description": "The violation code; the contract's v1 codes are listed as examples.",
              "type": "string",
              "examples": [
                "notice_lead_time",
                "suspended_without_notice",
                "suspended_without_approval",
                "suspended_without_signed_notice",
                "suspended_without_work_ticket",
                "suspended_without_renotice",
                "suspended_without_recheck",
                "suspended_after_payment",
                "suspended_in_blackout",
                "restoration_overdue",
                "outage_announcement_late",
                "outage_notice_late",
                "outage_renotice_missing"
              ]
            },
            "rule": {
              "description": "The id of the rule that found it.",
              "type": "string"
            },
            "cite": {
              "description": "The rule's citation.",
              "type": ["string", "null"]
            },
            "detail": {
              "description": "What happened, for people.",
              "type": ["string", "null"]
            }
          }
        },
        "ruleError": {
          "description": "A rule that could not be evaluated.",
          "type": "object",
          "additionalProperties": false,
          "required": ["rule", "message"],
          "properties": {
            "rule": {
              "description": "The rule's id.",
              "type": "string"
            },
            "message": {
              "description": "The error, with its place.",
              "type": "string"
            }
          }
        },
        "actionName": {
          "description": "An action name; the contract's v1 vocabulary is listed as examples.",
          "type": "string",
          "examples": [
            "first_reminder",
            "second_notice",
            "follow_up",
            "suspension_notice",
            "red_notice_signature",
            "approval_request",
            "authority_report",
            "work_ticket",
            "pre_cut_notice",
            "arrears_recheck",
            "suspend_supply",
            "restore_supply",
            "restoration_notice",
            "late_fee",
            "escalate",
            "outage_announcement",
            "outage_notice",
            "outage_renotice"
          ]
        },
        "timestamp": {
          "description": "An RFC 3339 time with an offset (`2026-12-21T09:00:00+08:00`, or `Z` for UTC).",
          "type": "string",
          "format": "date-time",
          "pattern": "^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])[Tt]([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\\.[0-9]{1,9})?([Zz]|[+-]([01][0-9]|2[0-3]):[0-5][0-9])$",
          "examples": ["2026-12-21T09:00:00+08:00"]
        },
        "date": {
          "description": "A calendar date `YYYY-MM-DD`.",
          "type": "string",
          "format": "date",
          "pattern": "^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$",
          "examples": ["2026-02-10"]
        }
      }
    }

    """#
}
