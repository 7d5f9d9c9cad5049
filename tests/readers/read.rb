# Read posts as Jekyll does (Ruby's Psych): JSON lines {"id", "text"} in, {"id", "data"} out.
# The front matter is found with Jekyll's own pattern (blank lines before it allowed, which
# Jekyll does not: the point is Psych's reading of the YAML) and loaded with Psych.safe_load,
# dates and times allowed as Jekyll allows them; they are written tagged for JSON.
require "date"
require "json"
require "psych"
require "time"

FRONT_MATTER = /\A(?:[ \t]*\n)*(---\s*\n.*?\n?)^((---|\.\.\.)\s*$\n?)/m # Jekyll::Document::YAML_FRONT_MATTER_REGEXP

def plain(value)
  case value
  when Hash then value.each_with_object({}) { |(k, v), out| out[k.is_a?(String) ? k : "#{k.class}:#{k}"] = plain(v) }
  when Array then value.map { |v| plain(v) }
  when Time then { "$time" => value.utc.iso8601(6) }
  when Date then { "$date" => value.iso8601 }
  when Float then value.finite? ? value : { "$number" => value.to_s }
  when Symbol then { "$symbol" => value.to_s }
  else value
  end
end

STDIN.each_line do |line|
  post = JSON.parse(line)
  answer = { "id" => post["id"] }
  begin
    match = FRONT_MATTER.match(post["text"])
    if match.nil?
      answer["data"] = nil
    else
      data = Psych.safe_load(match[1], permitted_classes: [Date, Time], aliases: true)
      answer["data"] = plain(data)
    end
  rescue StandardError, Psych::Exception => e
    answer["error"] = "#{e.class}: #{e.message}"
  end
  STDOUT.puts(JSON.generate(answer))
end
