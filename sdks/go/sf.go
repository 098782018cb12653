package openleash

import (
	"encoding/base64"
	"errors"
	"regexp"
	"strconv"
	"strings"
)

// A strict RFC 8941 Dictionary parser, enough for RFC 9421 Signature-Input / Signature and RFC
// 9530 Content-Digest. Deliberately stricter than §4.2.2 in one way: a duplicate key or parameter
// is an error (a second `created` must not silently win).

var errSF = errors.New("invalid structured field")

type sfToken string

type sfParam struct {
	key   string
	value any // int64, float64, string, []byte, bool, sfToken
}

type sfItem struct {
	value  any
	params []sfParam
}

type sfMember struct {
	item   *sfItem  // a bare item
	inner  []sfItem // an inner list when item is nil
	params []sfParam
}

func (m sfMember) param(key string) (any, bool) {
	for _, p := range m.params {
		if p.key == key {
			return p.value, true
		}
	}
	return nil, false
}

var (
	sfKeyRE    = regexp.MustCompile(`^[a-z*][a-z0-9_\-.*]*`)
	sfTokenRE  = regexp.MustCompile(`^[A-Za-z*][!#$%&'*+\-.^_` + "`" + `|~0-9A-Za-z:/]*`)
	sfNumberRE = regexp.MustCompile(`^-?[0-9]{1,15}(\.[0-9]{1,3})?`)
	sfBytesRE  = regexp.MustCompile(`^:([A-Za-z0-9+/=]*):`)
)

type sfCursor struct {
	s   string
	pos int
}

func (c *sfCursor) peek() byte {
	if c.pos < len(c.s) {
		return c.s[c.pos]
	}
	return 0
}

func (c *sfCursor) match(re *regexp.Regexp) []string {
	m := re.FindStringSubmatch(c.s[c.pos:])
	if m != nil {
		c.pos += len(m[0])
	}
	return m
}

func (c *sfCursor) skip(chars string) {
	for c.pos < len(c.s) && strings.IndexByte(chars, c.s[c.pos]) >= 0 {
		c.pos++
	}
}

func (c *sfCursor) bareItem() (any, error) {
	switch ch := c.peek(); {
	case ch == '"':
		c.pos++
		var b strings.Builder
		for {
			if c.pos >= len(c.s) {
				return nil, errSF
			}
			ch := c.s[c.pos]
			c.pos++
			switch {
			case ch == '"':
				return b.String(), nil
			case ch == '\\':
				if n := c.peek(); n != '"' && n != '\\' {
					return nil, errSF
				}
				b.WriteByte(c.s[c.pos])
				c.pos++
			case ch < 0x20 || ch > 0x7e:
				return nil, errSF
			default:
				b.WriteByte(ch)
			}
		}
	case ch == ':':
		m := c.match(sfBytesRE)
		if m == nil {
			return nil, errSF
		}
		return base64.StdEncoding.Strict().DecodeString(m[1])
	case ch == '?':
		c.pos++
		b := c.peek()
		if b != '0' && b != '1' {
			return nil, errSF
		}
		c.pos++
		return b == '1', nil
	case ch == '-' || (ch >= '0' && ch <= '9'):
		m := c.match(sfNumberRE)
		if m == nil || (c.peek() >= '0' && c.peek() <= '9') {
			return nil, errSF
		}
		if m[1] != "" {
			return strconv.ParseFloat(m[0], 64)
		}
		return strconv.ParseInt(m[0], 10, 64)
	default:
		m := c.match(sfTokenRE)
		if m == nil {
			return nil, errSF
		}
		return sfToken(m[0]), nil
	}
}

func (c *sfCursor) params() ([]sfParam, error) {
	var out []sfParam
	for c.peek() == ';' {
		c.pos++
		c.skip(" ")
		k := c.match(sfKeyRE)
		if k == nil {
			return nil, errSF
		}
		for _, p := range out {
			if p.key == k[0] {
				return nil, errSF // duplicate parameter
			}
		}
		var v any = true
		if c.peek() == '=' {
			c.pos++
			var err error
			if v, err = c.bareItem(); err != nil {
				return nil, err
			}
		}
		out = append(out, sfParam{k[0], v})
	}
	return out, nil
}

func (c *sfCursor) member() (sfMember, error) {
	if c.peek() != '(' {
		v, err := c.bareItem()
		if err != nil {
			return sfMember{}, err
		}
		p, err := c.params()
		return sfMember{item: &sfItem{value: v, params: p}}, err
	}
	c.pos++
	var items []sfItem
	for {
		c.skip(" ")
		if c.peek() == ')' {
			c.pos++
			p, err := c.params()
			return sfMember{inner: items, params: p}, err
		}
		v, err := c.bareItem()
		if err != nil {
			return sfMember{}, err
		}
		p, err := c.params()
		if err != nil {
			return sfMember{}, err
		}
		items = append(items, sfItem{value: v, params: p})
		if n := c.peek(); n != ' ' && n != ')' {
			return sfMember{}, errSF
		}
	}
}

type sfDict struct {
	keys    []string
	members map[string]sfMember
}

func parseDictionary(s string) (sfDict, error) {
	c := &sfCursor{s: s}
	d := sfDict{members: map[string]sfMember{}}
	c.skip(" ")
	for {
		k := c.match(sfKeyRE)
		if k == nil {
			return d, errSF
		}
		if _, dup := d.members[k[0]]; dup {
			return d, errSF
		}
		var m sfMember
		var err error
		if c.peek() == '=' {
			c.pos++
			m, err = c.member()
		} else {
			var p []sfParam
			p, err = c.params()
			m = sfMember{item: &sfItem{value: true, params: p}}
		}
		if err != nil {
			return d, err
		}
		d.keys = append(d.keys, k[0])
		d.members[k[0]] = m
		c.skip(" \t")
		if c.pos >= len(c.s) {
			return d, nil
		}
		if c.peek() != ',' {
			return d, errSF
		}
		c.pos++
		c.skip(" \t")
		if c.pos >= len(c.s) {
			return d, errSF // trailing comma
		}
	}
}

// serializeInnerList is RFC 8941 §4.1.1.1 for an inner list of strings with its parameters.
func serializeInnerList(m sfMember) (string, error) {
	parts := make([]string, 0, len(m.inner))
	for _, it := range m.inner {
		s, ok := it.value.(string)
		if !ok {
			return "", errSF
		}
		v, err := serializeBare(s)
		if err != nil {
			return "", err
		}
		p, err := serializeParams(it.params)
		if err != nil {
			return "", err
		}
		parts = append(parts, v+p)
	}
	p, err := serializeParams(m.params)
	return "(" + strings.Join(parts, " ") + ")" + p, err
}

func serializeParams(params []sfParam) (string, error) {
	var b strings.Builder
	for _, p := range params {
		b.WriteString(";" + p.key)
		if p.value == true {
			continue
		}
		v, err := serializeBare(p.value)
		if err != nil {
			return "", err
		}
		b.WriteString("=" + v)
	}
	return b.String(), nil
}

func serializeBare(v any) (string, error) {
	switch x := v.(type) {
	case bool:
		if x {
			return "?1", nil
		}
		return "?0", nil
	case int64:
		return strconv.FormatInt(x, 10), nil
	case float64:
		s := strconv.FormatFloat(x, 'f', -1, 64)
		if !strings.Contains(s, ".") {
			s += ".0"
		}
		return s, nil
	case string:
		return sfString(x)
	case []byte:
		return ":" + base64.StdEncoding.EncodeToString(x) + ":", nil
	case sfToken:
		return string(x), nil
	}
	return "", errSF
}
